package dev.riff.voice;

import java.nio.ByteBuffer;

/** RTP as Discord voice uses it: version 2, payload type 120 (Opus), 48 kHz timestamps. */
public final class Rtp {

    public static final int HEADER_LENGTH = 12;
    public static final int PAYLOAD_TYPE = 0x78;
    /** Samples per 20 ms Opus frame at 48 kHz. */
    public static final int SAMPLES_PER_FRAME = 960;
    /** Three frames of Opus silence, sent after audio stops so decoders fade out instead of clicking. */
    public static final byte[] SILENCE_FRAME = {(byte) 0xf8, (byte) 0xff, (byte) 0xfe};

    private Rtp() {
    }

    public static byte[] header(int sequence, int timestamp, int ssrc) {
        return ByteBuffer.allocate(HEADER_LENGTH)
                .put((byte) 0x80).put((byte) PAYLOAD_TYPE)
                .putShort((short) sequence).putInt(timestamp).putInt(ssrc)
                .array();
    }

    /** The header length of a received packet: 12, plus 4 for an extension header (its body is encrypted in rtpsize modes). */
    public static int headerLength(byte[] packet) {
        boolean extension = (packet[0] & 0x10) != 0;
        int csrcCount = packet[0] & 0x0f;
        return HEADER_LENGTH + csrcCount * 4 + (extension ? 4 : 0);
    }

    public static int sequence(byte[] packet) {
        return ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
    }

    public static int timestamp(byte[] packet) {
        return ByteBuffer.wrap(packet, 4, 4).getInt();
    }

    public static int ssrc(byte[] packet) {
        return ByteBuffer.wrap(packet, 8, 4).getInt();
    }
}
