package dev.riff.voice.dave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.riff.voice.Rtp;
import org.junit.jupiter.api.Test;

/** When a frame may leave unencrypted, and when it must not leave at all. */
class DaveEncryptorTest {

    private static final byte[] OPUS = {0x78, 1, 2, 3, 4, 5, 6, 7};

    @Test
    void inADaveCallAFrameWithoutAKeyIsWithheldWhileOthersListen() {
        DaveEncryptor encryptor = new DaveEncryptor();
        encryptor.requireEncryption();
        assertNull(encryptor.encrypt(OPUS), "before clients_connect says who is there, someone may be listening");
        encryptor.othersInCall(false);
        assertArrayEquals(OPUS, encryptor.encrypt(OPUS), "known to be alone in the call: nobody to hear it");
        encryptor.othersInCall(true);
        assertNull(encryptor.encrypt(OPUS), "others present and no key: withheld, never sent in the clear");
        assertArrayEquals(Rtp.SILENCE_FRAME, encryptor.encrypt(Rtp.SILENCE_FRAME), "silence is always allowed");
    }

    @Test
    void atProtocolVersionZeroFramesPassAndWithAKeyTheyAreSealed() throws Exception {
        DaveEncryptor encryptor = new DaveEncryptor();
        encryptor.othersInCall(true);
        encryptor.passthrough();
        assertArrayEquals(OPUS, encryptor.encrypt(OPUS), "the gateway announced transport-only encryption");
        encryptor.use(new KeyRatchet(DaveSession.SUITE, new byte[16]));
        byte[] sealed = encryptor.encrypt(OPUS);
        assertNotNull(sealed);
        assertNotNull(ProtocolFrame.parse(sealed), "a DAVE protocol frame");
    }
}
