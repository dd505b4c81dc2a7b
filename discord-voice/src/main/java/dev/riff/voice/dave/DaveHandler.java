package dev.riff.voice.dave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * DAVE on the voice gateway, for one member: the JSON opcodes (clients connect and disconnect,
 * prepare and execute transition, prepare epoch) and the binary ones (external sender, proposals,
 * announce commit, welcome), answered with key packages, commits and welcomes, ready for
 * transition and invalid commit or welcome. It keeps the {@link DaveSession}, switches the
 * {@link DaveEncryptor} when a transition executes and feeds a {@link DaveDecryptor} if the
 * member listens.
 */
public final class DaveHandler {

    public static final int CLIENTS_CONNECT = 11, CLIENT_DISCONNECT = 13, PREPARE_TRANSITION = 21, EXECUTE_TRANSITION = 22,
            READY_FOR_TRANSITION = 23, PREPARE_EPOCH = 24, EXTERNAL_SENDER_PACKAGE = 25, KEY_PACKAGE = 26, PROPOSALS = 27,
            COMMIT_WELCOME = 28, ANNOUNCE_COMMIT_TRANSITION = 29, WELCOME = 30, INVALID_COMMIT_WELCOME = 31;

    /** Where the member's answers go: JSON opcodes, and binary messages as opcode byte plus payload. */
    public interface Outbound {
        void json(int op, ObjectNode data);

        void binary(byte[] message);
    }

    private static final Logger LOG = Logger.getLogger(DaveHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DaveSession session;
    private final DaveEncryptor encryptor = new DaveEncryptor();
    private final DaveDecryptor decryptor;
    private final Outbound out;
    private final Map<Integer, Integer> pendingTransitions = new ConcurrentHashMap<>();
    private volatile int protocolVersion;

    public DaveHandler(long userId, long channelId, boolean listens, Outbound out) {
        this.session = new DaveSession(userId, channelId);
        this.decryptor = listens ? new DaveDecryptor() : null;
        this.out = out;
    }

    public DaveSession session() {
        return session;
    }

    public DaveEncryptor encryptor() {
        return encryptor;
    }

    public DaveDecryptor decryptor() {
        return decryptor;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    /** select_protocol_ack (4) named the call's protocol version: a non-zero one needs our key package. */
    public void sessionDescribed(int version) {
        protocolVersion = version;
        if (version == 0) {
            encryptor.passthrough();
            passthroughReceive(true);
        } else {
            encryptor.requireEncryption();
            sendKeyPackage();
        }
    }

    /** A JSON opcode; false if it is not one of DAVE's. */
    public boolean onJson(int op, JsonNode data) {
        switch (op) {
            case CLIENTS_CONNECT -> {
                List<Long> ids = new ArrayList<>();
                data.path("user_ids").forEach(id -> ids.add(Long.parseLong(id.asText())));
                session.usersConnected(ids);
                encryptor.othersInCall(session.othersConnected());
            }
            case CLIENT_DISCONNECT -> {
                session.userDisconnected(Long.parseLong(data.path("user_id").asText()));
                encryptor.othersInCall(session.othersConnected());
            }
            case PREPARE_TRANSITION -> {
                int id = data.path("transition_id").asInt();
                int version = data.path("protocol_version").asInt();
                pendingTransitions.put(id, version);
                if (version == 0) {
                    passthroughReceive(true);
                }
                readyOrExecute(id);
            }
            case EXECUTE_TRANSITION -> execute(data.path("transition_id").asInt());
            case PREPARE_EPOCH -> {
                if (data.path("epoch").asLong() == 1) {
                    // The group is (re)created: old state goes, a new key package joins the new group.
                    protocolVersion = data.path("protocol_version").asInt();
                    session.reset();
                    sendKeyPackage();
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A binary message from the voice gateway (sequence number, opcode, payload); returns its sequence number. */
    public int onBinary(byte[] message) {
        int sequence = ((message[0] & 0xff) << 8) | (message[1] & 0xff);
        int op = message[2] & 0xff;
        byte[] payload = Arrays.copyOfRange(message, 3, message.length);
        try {
            switch (op) {
                case EXTERNAL_SENDER_PACKAGE -> session.externalSender(payload);
                case PROPOSALS -> session.proposals(payload).ifPresent(commit -> out.binary(withOpcode(COMMIT_WELCOME, commit)));
                case ANNOUNCE_COMMIT_TRANSITION -> {
                    int transition = u16(payload);
                    switch (session.commit(Arrays.copyOfRange(payload, 2, payload.length))) {
                        case APPLIED -> joinedEpoch(transition);
                        case INVALID -> invalid(transition);
                        case IGNORED -> {
                        }
                    }
                }
                case WELCOME -> {
                    int transition = u16(payload);
                    if (session.welcome(Arrays.copyOfRange(payload, 2, payload.length))) {
                        joinedEpoch(transition);
                    } else {
                        invalid(transition);
                    }
                }
                default -> LOG.debugf("DAVE binary opcode %d ignored", op);
            }
        } catch (Exception e) {
            LOG.warnf("DAVE opcode %d from the voice gateway not processed: %s", op, e.toString());
        }
        return sequence;
    }

    /** A new epoch's receive ratchets are ready; the send side switches when the transition executes. */
    private void joinedEpoch(int transition) throws Exception {
        if (decryptor != null) {
            for (long member : session.members()) {
                decryptor.install(member, session.senderRatchet(member));
            }
        }
        pendingTransitions.put(transition, DaveSession.PROTOCOL_VERSION);
        readyOrExecute(transition);
    }

    private void readyOrExecute(int transition) {
        if (transition == 0) {
            execute(0);
        } else {
            out.json(READY_FOR_TRANSITION, JSON.createObjectNode().put("transition_id", transition));
        }
    }

    private void execute(int transition) {
        Integer version = pendingTransitions.remove(transition);
        if (version == null) {
            return;
        }
        protocolVersion = version;
        try {
            if (version == 0) {
                encryptor.passthrough();
            } else if (session.established()) {
                encryptor.use(session.senderRatchet(session.userId()));
                passthroughReceive(false);
            } else {
                // A DAVE call without a group for us yet (a sole member's reset): nothing goes out in the clear to others.
                encryptor.requireEncryption();
            }
        } catch (Exception e) {
            LOG.warnf("DAVE transition %d not executed: %s", transition, e.toString());
        }
    }

    /** An unprocessable commit or welcome: flag it, start over and ask to be added again. */
    private void invalid(int transition) {
        out.json(INVALID_COMMIT_WELCOME, JSON.createObjectNode().put("transition_id", transition));
        session.reset();
        sendKeyPackage();
    }

    private void sendKeyPackage() {
        try {
            out.binary(withOpcode(KEY_PACKAGE, session.keyPackage()));
        } catch (Exception e) {
            LOG.warnf("DAVE key package not created: %s", e.toString());
        }
    }

    private void passthroughReceive(boolean enabled) {
        if (decryptor != null) {
            decryptor.passthrough(enabled);
        }
    }

    static byte[] withOpcode(int op, byte[] payload) {
        byte[] message = new byte[payload.length + 1];
        message[0] = (byte) op;
        System.arraycopy(payload, 0, message, 1, payload.length);
        return message;
    }

    static int u16(byte[] bytes) {
        return ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
    }
}
