package dev.riff.devkit.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes an Ogg Opus file (RFC 7845) from Opus packets: the identification and comment headers,
 * then one packet per page. lavaplayer plays such a file without transcoding (Opus passthrough).
 */
public final class OggOpusFile {

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
            }
            CRC_TABLE[i] = r;
        }
    }

    private OggOpusFile() {
    }

    /** A sine tone encoded to Opus and wrapped in Ogg, {@code seconds} long. */
    public static byte[] tone(double frequency, int seconds) {
        try (OpusTone tone = new OpusTone(frequency)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int serial = 0x52494646;
            int sequence = 0;
            ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
            head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 2).putShort((short) 312)
                    .putInt(48_000).putShort((short) 0).put((byte) 0);
            page(out, head.array(), 0x02, 0, serial, sequence++);
            byte[] vendor = "riff".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer tags = ByteBuffer.allocate(8 + 4 + vendor.length + 4).order(ByteOrder.LITTLE_ENDIAN);
            tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(vendor.length).put(vendor).putInt(0);
            page(out, tags.array(), 0, 0, serial, sequence++);
            int frames = seconds * 50;
            long granule = 312;
            for (int i = 0; i < frames; i++) {
                granule += 960;
                page(out, tone.nextFrame(), i == frames - 1 ? 0x04 : 0, granule, serial, sequence++);
            }
            return out.toByteArray();
        }
    }

    private static void page(ByteArrayOutputStream out, byte[] packet, int flags, long granule, int serial, int sequence) {
        int segments = packet.length / 255 + 1;
        ByteBuffer page = ByteBuffer.allocate(27 + segments + packet.length).order(ByteOrder.LITTLE_ENDIAN);
        page.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) flags).putLong(granule)
                .putInt(serial).putInt(sequence).putInt(0).put((byte) segments);
        for (int i = 0; i < segments - 1; i++) {
            page.put((byte) 255);
        }
        page.put((byte) (packet.length % 255));
        page.put(packet);
        byte[] bytes = page.array();
        int crc = 0;
        for (byte b : bytes) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ (b & 0xff)) & 0xff];
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
        out.writeBytes(bytes);
    }
}
