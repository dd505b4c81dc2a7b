package dev.riff.voice.dave;

/** Unsigned little-endian base 128, the variable-length integers of DAVE's frame footer. */
public final class Uleb128 {

    private Uleb128() {
    }

    public static int size(long value) {
        int size = 1;
        while (Long.compareUnsigned(value, 0x80) >= 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    /** Writes {@code value} at {@code offset}; returns the offset after it. */
    public static int write(long value, byte[] out, int offset) {
        while (Long.compareUnsigned(value, 0x80) >= 0) {
            out[offset++] = (byte) (0x80 | (value & 0x7f));
            value >>>= 7;
        }
        out[offset++] = (byte) value;
        return offset;
    }

    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    /**
     * Reads one value starting at {@code cursor[0]} and not reaching {@code limit}; advances the
     * cursor. Returns -1 when the bytes end before the value does or it does not fit 63 bits.
     */
    public static long read(byte[] in, int[] cursor, int limit) {
        long value = 0;
        int shift = 0;
        int at = cursor[0];
        while (at < limit && shift < 63) {
            int b = in[at++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                cursor[0] = at;
                return value;
            }
            shift += 7;
        }
        return -1;
    }
}
