package dev.riff.devkit.audio;

import com.sedmelluq.discord.lavaplayer.natives.opus.OpusEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
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

    private static final int PRE_SKIP = 312;
    private static final int FRAME_SAMPLES = 960;

    private OggOpusFile() {
    }

    /** A sine tone encoded to Opus and wrapped in Ogg, {@code seconds} long. */
    public static byte[] tone(double frequency, int seconds) {
        return encode(MediaServer.sweep(frequency, 0, seconds), null, null);
    }

    /**
     * A 48 kHz signal (the same on both channels) encoded to Opus in 20 ms frames and wrapped in Ogg,
     * with TITLE and ARTIST comments when given.
     */
    public static byte[] encode(short[] mono, String title, String artist) {
        OpusEncoder encoder = new OpusEncoder(48_000, 2, 10);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int serial = 0x52494646;
            int sequence = 0;
            ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
            head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 2).putShort((short) PRE_SKIP)
                    .putInt(48_000).putShort((short) 0).put((byte) 0);
            page(out, head.array(), 0x02, 0, serial, sequence++);
            page(out, tags(title, artist), 0, 0, serial, sequence++);
            int frames = mono.length / FRAME_SAMPLES;
            ShortBuffer pcm = ByteBuffer.allocateDirect(FRAME_SAMPLES * 4).order(ByteOrder.nativeOrder()).asShortBuffer();
            ByteBuffer encoded = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
            long granule = PRE_SKIP;
            for (int i = 0; i < frames; i++) {
                pcm.clear();
                for (int s = 0; s < FRAME_SAMPLES; s++) {
                    short value = mono[i * FRAME_SAMPLES + s];
                    pcm.put(value).put(value);
                }
                pcm.flip();
                encoded.clear();
                int length = encoder.encode(pcm, FRAME_SAMPLES, encoded);
                byte[] packet = new byte[length];
                encoded.get(packet, 0, length);
                granule += FRAME_SAMPLES;
                page(out, packet, i == frames - 1 ? 0x04 : 0, granule, serial, sequence++);
            }
            return out.toByteArray();
        } finally {
            encoder.close();
        }
    }

    /** The OpusTags header: vendor, then user comments as NAME=value. */
    private static byte[] tags(String title, String artist) {
        java.util.List<byte[]> comments = new java.util.ArrayList<>();
        if (title != null) {
            comments.add(("TITLE=" + title).getBytes(StandardCharsets.UTF_8));
        }
        if (artist != null) {
            comments.add(("ARTIST=" + artist).getBytes(StandardCharsets.UTF_8));
        }
        byte[] vendor = "riff".getBytes(StandardCharsets.US_ASCII);
        int length = 8 + 4 + vendor.length + 4 + comments.stream().mapToInt(c -> 4 + c.length).sum();
        ByteBuffer tags = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(vendor.length).put(vendor).putInt(comments.size());
        for (byte[] comment : comments) {
            tags.putInt(comment.length).put(comment);
        }
        return tags.array();
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
