package dev.riff.devkit.discord.dave;

import static org.awaitility.Awaitility.await;
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

    private static final long CHANNEL = 777, A = 11, B = 12, C = 13;

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
