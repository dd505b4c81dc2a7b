package dev.riff.voice;

/** HChaCha20 (draft-irtf-cfrg-xchacha): the ChaCha20 block function without the final addition, as a key derivation. */
final class HChaCha20 {

    private HChaCha20() {
    }

    static byte[] subkey(byte[] key, byte[] nonce16) {
        int[] state = new int[16];
        state[0] = 0x61707865;
        state[1] = 0x3320646e;
        state[2] = 0x79622d32;
        state[3] = 0x6b206574;
        for (int i = 0; i < 8; i++) {
            state[4 + i] = littleEndian(key, i * 4);
        }
        for (int i = 0; i < 4; i++) {
            state[12 + i] = littleEndian(nonce16, i * 4);
        }
        for (int round = 0; round < 10; round++) {
            quarterRound(state, 0, 4, 8, 12);
            quarterRound(state, 1, 5, 9, 13);
            quarterRound(state, 2, 6, 10, 14);
            quarterRound(state, 3, 7, 11, 15);
            quarterRound(state, 0, 5, 10, 15);
            quarterRound(state, 1, 6, 11, 12);
            quarterRound(state, 2, 7, 8, 13);
            quarterRound(state, 3, 4, 9, 14);
        }
        byte[] subkey = new byte[32];
        int[] words = {state[0], state[1], state[2], state[3], state[12], state[13], state[14], state[15]};
        for (int i = 0; i < 8; i++) {
            subkey[i * 4] = (byte) words[i];
            subkey[i * 4 + 1] = (byte) (words[i] >>> 8);
            subkey[i * 4 + 2] = (byte) (words[i] >>> 16);
            subkey[i * 4 + 3] = (byte) (words[i] >>> 24);
        }
        return subkey;
    }

    private static void quarterRound(int[] s, int a, int b, int c, int d) {
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 7);
    }

    private static int littleEndian(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff) << 16 | (bytes[offset + 3] & 0xff) << 24;
    }
}
