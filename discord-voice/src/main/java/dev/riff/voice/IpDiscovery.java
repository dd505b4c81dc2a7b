package dev.riff.voice;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Discord's UDP IP discovery: a 74-byte request with our SSRC, answered with our address as the server sees it. */
public final class IpDiscovery {

    public static final int PACKET_LENGTH = 74;
    static final short REQUEST = 0x1;
    static final short RESPONSE = 0x2;

    private IpDiscovery() {
    }

    public static byte[] request(int ssrc) {
        return ByteBuffer.allocate(PACKET_LENGTH).putShort(REQUEST).putShort((short) 70).putInt(ssrc).array();
    }

    public static byte[] response(int ssrc, InetSocketAddress seen) {
        ByteBuffer packet = ByteBuffer.allocate(PACKET_LENGTH).putShort(RESPONSE).putShort((short) 70).putInt(ssrc);
        byte[] address = seen.getAddress().getHostAddress().getBytes(StandardCharsets.US_ASCII);
        packet.put(address).position(8 + 64);
        return packet.putShort((short) seen.getPort()).array();
    }

    public static boolean isRequest(byte[] packet, int length) {
        return length == PACKET_LENGTH && ByteBuffer.wrap(packet).getShort(0) == REQUEST;
    }

    public static int ssrcOf(byte[] packet) {
        return ByteBuffer.wrap(packet).getInt(4);
    }

    /** The external address and port from a response. */
    public static InetSocketAddress parse(byte[] packet) {
        ByteBuffer buffer = ByteBuffer.wrap(packet);
        if (buffer.getShort(0) != RESPONSE) {
            throw new IllegalArgumentException("not an IP discovery response");
        }
        int end = 8;
        while (end < 8 + 64 && packet[end] != 0) {
            end++;
        }
        String address = new String(packet, 8, end - 8, StandardCharsets.US_ASCII);
        int port = buffer.getShort(8 + 64) & 0xffff;
        return InetSocketAddress.createUnresolved(address, port);
    }
}
