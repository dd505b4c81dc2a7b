package dev.riff.devkit.discord.dave;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.voice.dave.DaveHandler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The simulated voice gateway's DAVE role with members built on the client library, without media. */
class DaveCallTest {

    private static final long CHANNEL = 777, A = 11, B = 12, C = 13, D = 14;

    @Test
    void membersJoiningOneByOneEndInOneGroupWithOneEpochAuthenticator() {
        DaveCall call = new DaveCall(CHANNEL, 1);
        DaveListener a = new DaveListener(A, CHANNEL, true, call).join();
        DaveListener b = new DaveListener(B, CHANNEL, true, call).join();
        until(call, () -> inSameGroup(call, a, b));
        DaveListener c = new DaveListener(C, CHANNEL, true, call).join();
        until(call, () -> inSameGroup(call, a, b, c));
        assertTrue(call.epoch() >= 2, "the third member's add was a second epoch");
    }

    @Test
    void aLeaverIsRemovedAndTheOthersMoveToANewEpoch() {
        DaveCall call = new DaveCall(CHANNEL, 1);
        DaveListener a = new DaveListener(A, CHANNEL, true, call).join();
        DaveListener b = new DaveListener(B, CHANNEL, true, call).join();
        DaveListener c = new DaveListener(C, CHANNEL, true, call).join();
        until(call, () -> inSameGroup(call, a, b, c));
        long epoch = call.epoch();
        c.close();
        until(call, () -> inSameGroup(call, a, b) && call.epoch() > epoch);
    }

    /** A leaf freed by one leaver and taken by a joiner is removed again when that joiner leaves (removals count per epoch). */
    @Test
    void aLeafReusedByAJoinerIsRemovedWhenThatJoinerLeavesToo() {
        DaveCall call = new DaveCall(CHANNEL, 1);
        DaveListener a = new DaveListener(A, CHANNEL, true, call).join();
        DaveListener b = new DaveListener(B, CHANNEL, true, call).join();
        DaveListener c = new DaveListener(C, CHANNEL, true, call).join();
        until(call, () -> inSameGroup(call, a, b, c));
        c.close();
        until(call, () -> inSameGroup(call, a, b));
        DaveListener d = new DaveListener(D, CHANNEL, true, call).join();
        until(call, () -> inSameGroup(call, a, b, d));
        long epoch = call.epoch();
        d.close();
        until(call, () -> inSameGroup(call, a, b) && call.epoch() > epoch);
    }

    @Test
    void theSoleRemainingMemberResetsAndANewGroupFormsWhenSomeoneJoins() {
        DaveCall call = new DaveCall(CHANNEL, 1);
        DaveListener a = new DaveListener(A, CHANNEL, true, call).join();
        DaveListener b = new DaveListener(B, CHANNEL, true, call).join();
        until(call, () -> inSameGroup(call, a, b));
        b.close();
        until(call, () -> !call.established() && !a.handler().session().established());
        DaveListener c = new DaveListener(C, CHANNEL, true, call).join();
        until(call, () -> inSameGroup(call, a, c) && call.epoch() == 1);
    }

    @Test
    void aMemberThatCannotProcessACommitIsRemovedAndAddedAgain() {
        DaveCall call = new DaveCall(CHANNEL, 1);
        DaveListener a = new DaveListener(A, CHANNEL, true, call).join();
        DaveListener b = new DaveListener(B, CHANNEL, true, call).join();
        DaveListener c = new DaveListener(C, CHANNEL, true, call).join();
        until(call, () -> inSameGroup(call, a, b, c));
        byte[] authenticator = a.handler().session().epochAuthenticator();
        c.binary(DaveHandler.ANNOUNCE_COMMIT_TRANSITION, ByteBuffer.allocate(5).putShort((short) 99).put(new byte[] {1, 2, 3}).array());
        until(call, () -> call.log.stream().anyMatch(line -> line.startsWith("invalid commit or welcome reported by " + C)));
        until(call, () -> inSameGroup(call, a, b, c) && !java.util.Arrays.equals(authenticator, a.handler().session().epochAuthenticator()));
    }

    @Test
    void aMemberWithoutDaveTurnsTheCallToProtocolVersionZero() {
        DaveCall call = new DaveCall(CHANNEL, 1);
        DaveListener a = new DaveListener(A, CHANNEL, true, call).join();
        DaveListener b = new DaveListener(B, CHANNEL, true, call).join();
        until(call, () -> inSameGroup(call, a, b));
        new DaveListener(C, CHANNEL, false, call).join();
        until(call, () -> a.handler().protocolVersion() == 0 && b.handler().protocolVersion() == 0);
        assertFalse(a.handler().encryptor().encrypting());
    }

    @Test
    void keyPackagesAreAcceptedBareAsLibdaveSendsThemAndWrappedAsTheProtocolTextDescribes() throws Exception {
        DaveCall call = new DaveCall(CHANNEL, 1);
        DaveListener a = new DaveListener(A, CHANNEL, true, call).join();
        until(call, () -> call.log.contains("bare key package of " + A));

        // A member whose client wraps its key package in an MLSMessage (wire format mls_key_package).
        byte[] bare = new dev.riff.voice.dave.DaveSession(C, CHANNEL).keyPackage();
        byte[] wrapped = org.bouncycastle.mls.codec.MLSOutputStream.encode(org.bouncycastle.mls.codec.MLSMessage.keyPackage(
                (org.bouncycastle.mls.codec.KeyPackage) org.bouncycastle.mls.codec.MLSInputStream.decode(bare,
                        org.bouncycastle.mls.codec.KeyPackage.class)));
        assertTrue(DaveCall.isWrappedKeyPackage(wrapped) && !DaveCall.isWrappedKeyPackage(bare));
        call.join(new SilentParticipant(C));
        call.fromMember(C, withOpcode(DaveHandler.KEY_PACKAGE, wrapped));
        until(call, () -> call.log.contains("wrapped (MLSMessage) key package of " + C));
        until(call, () -> call.established() && call.members().equals(Set.of(A, C)));
        assertTrue(a.handler().session().members().contains(C), "the member who sent the wrapped form was added");
    }

    @Test
    void theCallGoesBackToDaveWhenTheLastMemberWithoutItLeaves() {
        DaveCall call = new DaveCall(CHANNEL, 1);
        DaveListener a = new DaveListener(A, CHANNEL, true, call).join();
        DaveListener b = new DaveListener(B, CHANNEL, true, call).join();
        until(call, () -> inSameGroup(call, a, b));
        DaveListener c = new DaveListener(C, CHANNEL, false, call).join();
        until(call, () -> a.handler().protocolVersion() == 0 && b.handler().protocolVersion() == 0);
        c.close();
        until(call, () -> call.log.contains("upgraded to version 1"));
        until(call, () -> call.protocolVersion() == 1 && inSameGroup(call, a, b)
                && a.handler().protocolVersion() == 1 && a.handler().encryptor().encrypting() && b.handler().encryptor().encrypting());
    }

    @Test
    void aJoinerHearsWhoIsInTheCallAndTheExternalSenderOnlyAfterItsSessionDescription() {
        DaveCall call = new DaveCall(CHANNEL, 1);
        new DaveListener(A, CHANNEL, true, call).join();
        Recording joiner = new Recording(C);
        int version = call.join(joiner);
        assertEquals(1, version);
        assertTrue(joiner.ops.isEmpty(), "join answers with the version (op 4) and sends the joiner nothing before it: " + joiner.ops);
        call.described(joiner);
        assertEquals(List.of(DaveHandler.CLIENTS_CONNECT, DaveHandler.EXTERNAL_SENDER_PACKAGE), joiner.ops.subList(0, 2));
    }

    @Test
    void anUnusableKeyPackageEndsThatConnectionLoudlyWithACloseCode() throws Exception {
        DaveCall call = new DaveCall(CHANNEL, 1);
        DaveListener a = new DaveListener(A, CHANNEL, true, call).join();
        Recording garbled = new Recording(C);
        call.join(garbled);
        call.described(garbled);
        call.fromMember(C, withOpcode(DaveHandler.KEY_PACKAGE, new byte[] {0, 1, 0, 2, 9, 9, 9}));
        assertEquals(DaveCall.FAILED_TO_DECODE, garbled.refusedWith, "closed with 4002, not passed over");
        assertTrue(call.log.contains("unreadable key package of " + C));

        call.treatKeyPackagesAsUnreadable(B);
        DaveListener b = new DaveListener(B, CHANNEL, true, call).join();
        until(call, () -> Integer.valueOf(DaveCall.FAILED_TO_DECODE).equals(b.refusedWith));
        assertFalse(call.members().contains(B), "never added");
        assertFalse(a.handler().session().members().contains(B));
    }

    /** A participant that records the opcodes the gateway sends it. */
    private static final class Recording implements DaveCall.Participant {
        final long userId;
        final List<Integer> ops = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile Integer refusedWith;

        Recording(long userId) {
            this.userId = userId;
        }

        @Override
        public long userId() {
            return userId;
        }

        @Override
        public boolean supportsDave() {
            return true;
        }

        @Override
        public void json(int op, com.fasterxml.jackson.databind.node.ObjectNode data) {
            ops.add(op);
        }

        @Override
        public void binary(int op, byte[] payload) {
            ops.add(op);
        }

        @Override
        public void refused(int closeCode, String reason) {
            refusedWith = closeCode;
        }
    }

    private static byte[] withOpcode(int op, byte[] payload) {
        byte[] message = new byte[payload.length + 1];
        message[0] = (byte) op;
        System.arraycopy(payload, 0, message, 1, payload.length);
        return message;
    }

    /** A member that speaks only through the test: it ignores what the gateway sends it. */
    private record SilentParticipant(long userId) implements DaveCall.Participant {
        @Override
        public boolean supportsDave() {
            return true;
        }

        @Override
        public void json(int op, com.fasterxml.jackson.databind.node.ObjectNode data) {
        }

        @Override
        public void binary(int op, byte[] payload) {
        }
    }

    /** Every listener holds the established group the gateway knows, at one epoch with one authenticator. */
    private static boolean inSameGroup(DaveCall call, DaveListener... listeners) {
        Set<Long> expected = new java.util.HashSet<>();
        for (DaveListener l : listeners) {
            expected.add(l.userId());
        }
        if (!call.established() || !call.members().equals(expected)) {
            return false;
        }
        byte[] authenticator = listeners[0].handler().session().epochAuthenticator();
        for (DaveListener l : listeners) {
            if (!l.handler().session().members().equals(expected) || l.handler().session().epoch() != call.epoch()
                    || !java.util.Arrays.equals(authenticator, l.handler().session().epochAuthenticator())) {
                return false;
            }
        }
        return true;
    }

    private static void until(DaveCall call, Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(10)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("DAVE call log: " + List.copyOf(call.log), e);
        }
    }
}
