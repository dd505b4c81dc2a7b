package dev.riff.voice.dave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.codec.Credential;
import org.bouncycastle.mls.codec.ExternalSender;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.junit.jupiter.api.Test;

/** Each DAVE opcode a member handles, driven by a minimal voice gateway written here with bcmls. */
class DaveHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CHANNEL = 555, ALICE = 1, BOB = 2;

    /** What a member sent to the voice gateway. */
    static final class Sent implements DaveHandler.Outbound {
        final List<ObjectNode> json = new ArrayList<>();
        final List<byte[]> binary = new ArrayList<>();

        @Override
        public void json(int op, ObjectNode data) {
            json.add(data.deepCopy().put("op", op));
        }

        @Override
        public void binary(byte[] message) {
            binary.add(message);
        }

        byte[] lastBinary(int op) {
            for (int i = binary.size() - 1; i >= 0; i--) {
                if ((binary.get(i)[0] & 0xff) == op) {
                    return Arrays.copyOfRange(binary.get(i), 1, binary.get(i).length);
                }
            }
            return null;
        }

        boolean sentJson(int op, int transition) {
            return json.stream().anyMatch(j -> j.path("op").asInt() == op && j.path("transition_id").asInt() == transition);
        }
    }

    /** The voice gateway's side, just enough of it: the external sender signing proposals. */
    static final class Gateway {
        final AsymmetricCipherKeyPair signature = DaveSession.SUITE.generateSignatureKeyPair();
        final byte[] senderPackage;
        int sequence;

        Gateway() throws Exception {
            senderPackage = MLSOutputStream.encode(new ExternalSender(
                    DaveSession.SUITE.serializeSignaturePublicKey(signature.getPublic()), Credential.forBasic(new byte[8])));
        }

        byte[] message(int op, byte[] payload) {
            return ByteBuffer.allocate(payload.length + 3).putShort((short) ++sequence).put((byte) op).put(payload).array();
        }

        byte[] proposalMessage(Proposal proposal, long epoch) throws Exception {
            return MLSOutputStream.encode(MLSMessage.externalProposal(DaveSession.SUITE, ByteBuffer.allocate(8).putLong(CHANNEL).array(),
                    epoch, proposal, 0, DaveSession.SUITE.serializeSignaturePrivateKey(signature.getPrivate())));
        }

        byte[] append(byte[]... proposalMessages) throws Exception {
            MLSOutputStream out = new MLSOutputStream();
            out.write((byte) 0);
            List<MLSMessage> messages = new ArrayList<>();
            for (byte[] m : proposalMessages) {
                messages.add((MLSMessage) MLSInputStream.decode(m, MLSMessage.class));
            }
            out.writeList(messages);
            return message(DaveHandler.PROPOSALS, out.toByteArray());
        }

        byte[] revoke(byte[] proposalMessage) throws Exception {
            MLSOutputStream out = new MLSOutputStream();
            out.write((byte) 1);
            // A proposal's reference hashes its AuthenticatedContent: the message without its version field.
            MLSOutputStream refs = new MLSOutputStream();
            refs.writeOpaque(DaveSession.SUITE.refHash(Arrays.copyOfRange(proposalMessage, 2, proposalMessage.length),
                    "MLS 1.0 Proposal Reference"));
            out.writeOpaque(refs.toByteArray());
            return message(DaveHandler.PROPOSALS, out.toByteArray());
        }

        byte[] addProposal(byte[] keyPackage, long epoch) throws Exception {
            return proposalMessage(Proposal.add((KeyPackage) MLSInputStream.decode(keyPackage, KeyPackage.class)), epoch);
        }

        static byte[] withTransition(int transition, byte[] body) {
            return ByteBuffer.allocate(body.length + 2).putShort((short) transition).put(body).array();
        }
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    private static DaveHandler member(long userId, Sent sent, Gateway gateway) throws Exception {
        DaveHandler handler = new DaveHandler(userId, CHANNEL, true, sent);
        handler.onJson(DaveHandler.CLIENTS_CONNECT, json("{\"user_ids\":[\"" + ALICE + "\",\"" + BOB + "\"]}"));
        handler.sessionDescribed(1);
        handler.onBinary(gateway.message(DaveHandler.EXTERNAL_SENDER_PACKAGE, gateway.senderPackage));
        return handler;
    }

    @Test
    void selectProtocolAckWithVersionOneSendsABareKeyPackageWithTheBigEndianUserId() throws Exception {
        Sent sent = new Sent();
        new DaveHandler(0x0102030405060708L, CHANNEL, false, sent).sessionDescribed(1);
        byte[] sentBytes = sent.lastBinary(DaveHandler.KEY_PACKAGE);
        // libdave's form: the KeyPackage itself (version 1, cipher suite 2), not an MLSMessage (version 1, wire format 5).
        assertEquals("00010002", java.util.HexFormat.of().formatHex(sentBytes, 0, 4));
        KeyPackage keyPackage = (KeyPackage) MLSInputStream.decode(sentBytes, KeyPackage.class);
        assertArrayEquals(sentBytes, MLSOutputStream.encode(keyPackage), "the whole message is the key package");
        assertEquals("0102030405060708", java.util.HexFormat.of().formatHex(keyPackage.getLeafNode().getCredential().getIdentity()));
        assertTrue(keyPackage.verify());

        Sent none = new Sent();
        DaveHandler transportOnly = new DaveHandler(ALICE, CHANNEL, false, none);
        transportOnly.sessionDescribed(0);
        assertTrue(none.binary.isEmpty(), "version 0: no key package");
        assertFalse(transportOnly.encryptor().encrypting());
    }

    @Test
    void proposalsCommitWelcomeAndTransitionEstablishAGroupBothSidesEncryptIn() throws Exception {
        Gateway gateway = new Gateway();
        Sent aliceSent = new Sent(), bobSent = new Sent();
        DaveHandler alice = member(ALICE, aliceSent, gateway), bob = member(BOB, bobSent, gateway);

        alice.onBinary(gateway.append(gateway.addProposal(bobSent.lastBinary(DaveHandler.KEY_PACKAGE), 0)));
        byte[] commitWelcome = aliceSent.lastBinary(DaveHandler.COMMIT_WELCOME);
        assertNotNull(commitWelcome, "a cached add proposal is committed with a welcome");
        MLSMessage commit = (MLSMessage) new MLSInputStream(commitWelcome).read(MLSMessage.class);
        byte[] commitBytes = MLSOutputStream.encode(commit);
        byte[] welcome = Arrays.copyOfRange(commitWelcome, commitBytes.length, commitWelcome.length);
        assertTrue(welcome.length > 0);

        alice.onBinary(gateway.message(DaveHandler.ANNOUNCE_COMMIT_TRANSITION, Gateway.withTransition(7, commitBytes)));
        bob.onBinary(gateway.message(DaveHandler.WELCOME, Gateway.withTransition(7, welcome)));
        assertTrue(aliceSent.sentJson(DaveHandler.READY_FOR_TRANSITION, 7), "committer ready after its own commit");
        assertTrue(bobSent.sentJson(DaveHandler.READY_FOR_TRANSITION, 7), "joiner ready after the welcome");
        assertEquals(1, alice.session().epoch());
        assertArrayEquals(alice.session().epochAuthenticator(), bob.session().epochAuthenticator());
        assertFalse(alice.encryptor().encrypting(), "senders switch keys only when the transition executes");

        alice.onJson(DaveHandler.EXECUTE_TRANSITION, json("{\"transition_id\":7}"));
        bob.onJson(DaveHandler.EXECUTE_TRANSITION, json("{\"transition_id\":7}"));
        byte[] frame = "opus".getBytes();
        byte[] sealed = alice.encryptor().encrypt(frame);
        assertNotNull(ProtocolFrame.parse(sealed));
        assertArrayEquals(frame, bob.decryptor().decrypt(ALICE, sealed));
        assertArrayEquals(frame, alice.decryptor().decrypt(BOB, bob.encryptor().encrypt(frame)));
        assertNull(bob.decryptor().decrypt(ALICE, sealed), "a key and nonce decrypt once");
    }

    @Test
    void anAddProposalForSomeoneNotInTheCallIsRefused() throws Exception {
        Gateway gateway = new Gateway();
        Sent aliceSent = new Sent(), bobSent = new Sent();
        DaveHandler alice = member(ALICE, aliceSent, gateway);
        member(BOB, bobSent, gateway);
        alice.onJson(DaveHandler.CLIENT_DISCONNECT, json("{\"user_id\":\"" + BOB + "\"}"));
        alice.onBinary(gateway.append(gateway.addProposal(bobSent.lastBinary(DaveHandler.KEY_PACKAGE), 0)));
        assertNull(aliceSent.lastBinary(DaveHandler.COMMIT_WELCOME), "no commit for a user the gateway did not connect");
    }

    @Test
    void revokedProposalsAreNotCommitted() throws Exception {
        Gateway gateway = new Gateway();
        Sent aliceSent = new Sent(), bobSent = new Sent();
        DaveHandler alice = member(ALICE, aliceSent, gateway);
        member(BOB, bobSent, gateway);
        byte[] add = gateway.addProposal(bobSent.lastBinary(DaveHandler.KEY_PACKAGE), 0);
        alice.onBinary(gateway.append(add));
        int commits = aliceSent.binary.size();
        alice.onBinary(gateway.revoke(add));
        assertEquals(commits, aliceSent.binary.size(), "nothing left to commit after the revoke");
        alice.onBinary(gateway.append(add));
        assertEquals(commits + 1, aliceSent.binary.size(), "appended again, it is committed again");
    }

    @Test
    void aDowngradeTransitionPassesFramesThroughOnceExecuted() throws Exception {
        Gateway gateway = new Gateway();
        Sent sent = new Sent();
        DaveHandler alice = member(ALICE, sent, gateway);
        alice.onJson(DaveHandler.PREPARE_TRANSITION, json("{\"transition_id\":3,\"protocol_version\":0}"));
        assertTrue(sent.sentJson(DaveHandler.READY_FOR_TRANSITION, 3));
        assertArrayEquals("plain".getBytes(), alice.decryptor().decrypt(BOB, "plain".getBytes()), "receivers pass through at once");
        alice.onJson(DaveHandler.EXECUTE_TRANSITION, json("{\"transition_id\":3}"));
        assertEquals(0, alice.protocolVersion());
        assertArrayEquals("opus".getBytes(), alice.encryptor().encrypt("opus".getBytes()));

        Sent immediate = new Sent();
        DaveHandler bob = member(BOB, immediate, gateway);
        bob.onJson(DaveHandler.PREPARE_TRANSITION, json("{\"transition_id\":0,\"protocol_version\":0}"));
        assertFalse(immediate.sentJson(DaveHandler.READY_FOR_TRANSITION, 0), "transition 0 executes without a ready");
        assertEquals(0, bob.protocolVersion());
    }

    @Test
    void prepareEpochOneResetsTheGroupAndSendsANewKeyPackage() throws Exception {
        Gateway gateway = new Gateway();
        Sent sent = new Sent();
        DaveHandler alice = member(ALICE, sent, gateway);
        byte[] first = sent.lastBinary(DaveHandler.KEY_PACKAGE);
        alice.onJson(DaveHandler.PREPARE_EPOCH, json("{\"epoch\":1,\"protocol_version\":1}"));
        byte[] second = sent.lastBinary(DaveHandler.KEY_PACKAGE);
        assertFalse(Arrays.equals(first, second), "a fresh key package");
        assertFalse(alice.session().established());
    }

    @Test
    void anUnprocessableWelcomeIsReportedAndTheMemberAsksToBeAddedAgain() throws Exception {
        Gateway gateway = new Gateway();
        Sent sent = new Sent();
        DaveHandler bob = member(BOB, sent, gateway);
        int keyPackages = (int) sent.binary.stream().filter(m -> m[0] == DaveHandler.KEY_PACKAGE).count();
        bob.onBinary(gateway.message(DaveHandler.WELCOME, Gateway.withTransition(9, new byte[] {0, 2, 1, 2, 3})));
        assertTrue(sent.sentJson(DaveHandler.INVALID_COMMIT_WELCOME, 9));
        assertEquals(keyPackages + 1, sent.binary.stream().filter(m -> m[0] == DaveHandler.KEY_PACKAGE).count());
    }

    @Test
    void decryptorsKeepThePreviousEpochAndPassOnlySilenceOutsidePassthrough() throws Exception {
        DaveDecryptor decryptor = new DaveDecryptor();
        decryptor.passthrough(false);
        KeyRatchet old = new KeyRatchet(DaveSession.SUITE, new byte[16]);
        KeyRatchet next = new KeyRatchet(DaveSession.SUITE, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        decryptor.install(ALICE, old);
        decryptor.install(ALICE, next);
        assertArrayEquals("a".getBytes(), decryptor.decrypt(ALICE, ProtocolFrame.seal(old.key(0), 1, "a".getBytes())), "in-flight frame of the old epoch");
        assertArrayEquals("b".getBytes(), decryptor.decrypt(ALICE, ProtocolFrame.seal(next.key(0), 1, "b".getBytes())));
        assertNull(decryptor.decrypt(ALICE, "not a protocol frame".getBytes()));
        assertArrayEquals(ProtocolFrame.OPUS_SILENCE, decryptor.decrypt(ALICE, ProtocolFrame.OPUS_SILENCE.clone()));
        assertNull(decryptor.decrypt(BOB, ProtocolFrame.seal(next.key(0), 2, "c".getBytes())), "another sender's keys are its own");
    }
}
