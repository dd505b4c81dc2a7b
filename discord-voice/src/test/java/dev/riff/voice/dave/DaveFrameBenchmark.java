package dev.riff.voice.dave;

import dev.riff.voice.Rtp;
import dev.riff.voice.TransportCipher;
import java.security.SecureRandom;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What DAVE costs per Opus frame on one core, beside the transport encryption every frame pays
 * anyway: frames sealed per second with transport encryption alone, with DAVE and transport, and
 * DAVE decryption as a listener does it. A harness, run by hand (see docs/benchmarks.md).
 */
@Tag("benchmark")
class DaveFrameBenchmark {

    private static final int OPUS_FRAME_BYTES = 160; // 64 kbit/s at 20 ms
    private static final long WARMUP_NANOS = 2_000_000_000L, MEASURE_NANOS = 5_000_000_000L;

    @Test
    void costPerFrame() throws Exception {
        byte[] frame = new byte[OPUS_FRAME_BYTES];
        new SecureRandom().nextBytes(frame);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        TransportCipher transport = TransportCipher.forMode(TransportCipher.AES256_GCM, key);
        DaveEncryptor encryptor = new DaveEncryptor();
        KeyRatchet ratchet = new KeyRatchet(DaveSession.SUITE, new byte[16]);
        encryptor.use(ratchet);
        byte[] header = Rtp.header(1, 960, 42);

        double transportOnly = framesPerSecond(i -> transport.seal(header, frame));
        double daveAndTransport = framesPerSecond(i -> transport.seal(header, encryptor.encrypt(frame)));
        DaveDecryptor decryptor = new DaveDecryptor();
        decryptor.install(1, ratchet);
        byte[][] sealed = new byte[1 << 16][];
        DaveEncryptor source = new DaveEncryptor();
        source.use(new KeyRatchet(DaveSession.SUITE, new byte[16]));
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = source.encrypt(frame);
        }
        int[] next = {0};
        double daveDecrypt = framesPerSecond(i -> {
            if (next[0] == sealed.length) {
                decryptor.install(1, new KeyRatchet(DaveSession.SUITE, new byte[16]));
                next[0] = 0;
            }
            decryptor.decrypt(1, sealed[next[0]++]);
        });
        System.out.printf("%nDAVE frame cost, %d-byte Opus frames, one thread:%n", OPUS_FRAME_BYTES);
        System.out.printf("  transport only:       %,10.0f frames/s  %6.2f us/frame%n", transportOnly, 1e6 / transportOnly);
        System.out.printf("  DAVE + transport:     %,10.0f frames/s  %6.2f us/frame%n", daveAndTransport, 1e6 / daveAndTransport);
        System.out.printf("  DAVE alone (derived): %6.2f us/frame; players per core at 50 frames/s: %,.0f vs %,.0f%n",
                1e6 / daveAndTransport - 1e6 / transportOnly, daveAndTransport / 50, transportOnly / 50);
        System.out.printf("  DAVE decrypt:         %,10.0f frames/s  %6.2f us/frame%n", daveDecrypt, 1e6 / daveDecrypt);

        // The handshake side, serialized by the MLS lock: what a node pays per guild joining a call.
        int sessions = 200;
        long start = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            new DaveSession(i + 1, 99).keyPackage();
        }
        double keyPackageMillis = (System.nanoTime() - start) / 1e6 / sessions;
        System.out.printf("  key package (3 P-256 key pairs, 2 signatures): %.2f ms each%n", keyPackageMillis);
    }

    private static double framesPerSecond(IntConsumer work) {
        run(work, WARMUP_NANOS);
        return run(work, MEASURE_NANOS);
    }

    private static double run(IntConsumer work, long nanos) {
        long start = System.nanoTime();
        long end = start + nanos;
        int count = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 256; i++) {
                work.accept(count++);
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
