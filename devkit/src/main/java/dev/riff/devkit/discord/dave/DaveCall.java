package dev.riff.devkit.discord.dave;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.voice.dave.DaveHandler;
import dev.riff.voice.dave.DaveSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.codec.Credential;
import org.bouncycastle.mls.codec.CredentialType;
import org.bouncycastle.mls.codec.ExternalSender;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.jboss.logging.Logger;

/**
 * The voice gateway's DAVE role for one call: it selects the protocol version, is the MLS group's
 * external sender and delivery service (key packages become add proposals, departures remove
 * proposals; the first valid commit of an epoch wins and is announced, its welcome goes to the
 * joiners), runs transitions (ready, then execute, or execute after a timeout) and resets the
 * group when one member is left. Like Discord's, it sees handshake messages but no media keys.
 * It shares the members' MLS lock ({@link DaveSession#MLS_LOCK}), which also keeps its own state consistent.
 */
public final class DaveCall {

    /** A member of the call as the voice gateway reaches it: its socket, or an in-process listener. */
    public interface Participant {
        long userId();

        /** Whether this participant supports DAVE (max_dave_protocol_version >= 1). */
        boolean supportsDave();

        void json(int op, ObjectNode data);

        /** A binary opcode: the gateway prefixes its sequence number. */
        void binary(int op, byte[] payload);

        /** The gateway could not use what the participant sent and ends its connection with a close code. */
        default void refused(int closeCode, String reason) {
        }
    }

    /**
     * Fault injection: this user's key packages are treated as unreadable, as when a real voice
     * gateway reads the format differently from the client.
     */
    public void treatKeyPackagesAsUnreadable(long userId) {
        unreadableKeyPackagesOf.add(userId);
    }

    private final Set<Long> unreadableKeyPackagesOf = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * How long a transition waits for members that have not said they are ready before it executes
     * anyway (2 s). A member still processing the commit then misses frames, as on Discord; tests of
     * the every-frame guarantee lengthen it so that a slow machine cannot trigger it.
     */
    public void transitionTimeout(java.time.Duration timeout) {
        transitionTimeoutMillis = timeout.toMillis();
    }

    /** Voice close code: the gateway failed to decode a payload (here: a key package it cannot use). */
    public static final int FAILED_TO_DECODE = 4002;

    private static final Logger LOG = Logger.getLogger(DaveCall.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("dave-transitions").daemon(true).factory());
    private volatile long transitionTimeoutMillis = 2000;
    private static final byte[] FULL_LIFETIME = new byte[16];

    static {
        Arrays.fill(FULL_LIFETIME, 8, 16, (byte) 0xff);
    }

    private final byte[] groupId;
    private final byte[] externalSenderSignature;
    private final byte[] externalSenderPackage;
    private final Map<Long, Participant> participants = new LinkedHashMap<>();
    /** Leaf index to user id in the established group; null entries are blank leaves. */
    private final List<Long> leaves = new ArrayList<>();
    private final Map<Long, KeyPackage> pendingKeyPackages = new LinkedHashMap<>();
    /** The proposals each member was sent in this epoch, in order, as (add user id) or (remove leaf). */
    private final Map<Long, List<long[]>> proposalsSent = new LinkedHashMap<>();
    /** Leaves whose removal was proposed in this epoch: a departure and a re-join must not remove twice. */
    private final Set<Integer> removalsProposed = new HashSet<>();
    private final Map<Integer, Set<Long>> awaitingReady = new LinkedHashMap<>();
    private final Map<Integer, Integer> transitionVersions = new LinkedHashMap<>();
    private boolean established;
    private long epoch;
    /** The version the call runs whenever every participant supports it. */
    private final int maxProtocolVersion;
    private boolean committedThisEpoch;
    private int nextTransitionId = 1;
    private int protocolVersion;
    public final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A call in a channel; protocol version 0 makes it transport-only (DAVE switched off). */
    public DaveCall(long channelId, int protocolVersion) {
        this.protocolVersion = protocolVersion;
        this.maxProtocolVersion = protocolVersion;
        this.groupId = ByteBuffer.allocate(8).putLong(channelId).array();
        try {
            AsymmetricCipherKeyPair signature = DaveSession.SUITE.generateSignatureKeyPair();
            externalSenderSignature = DaveSession.SUITE.serializeSignaturePrivateKey(signature.getPrivate());
            ExternalSender sender = new ExternalSender(DaveSession.SUITE.serializeSignaturePublicKey(signature.getPublic()),
                    Credential.forBasic(new byte[8]));
            externalSenderPackage = MLSOutputStream.encode(sender);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A participant selected its protocol: the others learn it connected, and the version its
     * select_protocol_ack (op 4) announces is returned. What it is told itself follows that answer
     * ({@link #described}).
     */
    public int join(Participant participant) {
        synchronized (DaveSession.MLS_LOCK) {
            for (Participant other : participants.values()) {
                other.json(DaveHandler.CLIENTS_CONNECT, userIds(List.of(participant.userId())));
            }
            participants.put(participant.userId(), participant);
            if (!participant.supportsDave() && protocolVersion > 0) {
                downgrade();
            }
            return protocolVersion;
        }
    }

    /**
     * After select_protocol_ack, in the order Discord's voice gateway sends them: who is in the call
     * (clients_connect, op 11), then the external sender (op 25) so a DAVE member can build or verify
     * the group.
     */
    public void described(Participant participant) {
        synchronized (DaveSession.MLS_LOCK) {
            participant.json(DaveHandler.CLIENTS_CONNECT, userIds(participants.keySet()));
            if (protocolVersion > 0 && participant.supportsDave()) {
                participant.binary(DaveHandler.EXTERNAL_SENDER_PACKAGE, externalSenderPackage);
            }
        }
    }

    public int protocolVersion() {
        synchronized (DaveSession.MLS_LOCK) {
            return protocolVersion;
        }
    }

    public boolean established() {
        synchronized (DaveSession.MLS_LOCK) {
            return established;
        }
    }

    public long epoch() {
        synchronized (DaveSession.MLS_LOCK) {
            return epoch;
        }
    }

    public Set<Long> members() {
        synchronized (DaveSession.MLS_LOCK) {
            Set<Long> members = new HashSet<>(leaves);
            members.remove(null);
            return members;
        }
    }

    public void leave(long userId) {
        synchronized (DaveSession.MLS_LOCK) {
            if (participants.remove(userId) == null) {
                return;
            }
            pendingKeyPackages.remove(userId);
            proposalsSent.remove(userId);
            awaitingReady.values().forEach(waiting -> waiting.remove(userId));
            ObjectNode gone = JSON.createObjectNode().put("user_id", Long.toString(userId));
            participants.values().forEach(p -> p.json(DaveHandler.CLIENT_DISCONNECT, gone));
            if (protocolVersion == 0 && maxProtocolVersion > 0 && !participants.isEmpty()
                    && participants.values().stream().allMatch(Participant::supportsDave)) {
                upgrade();
                return;
            }
            int leaf = leaves.indexOf(userId);
            if (leaf < 0) {
                return;
            }
            leaves.set(leaf, null);
            Set<Long> remaining = members();
            if (remaining.size() == 1) {
                soleMemberReset(remaining.iterator().next());
            } else if (!remaining.isEmpty()) {
                proposeRemove(remaining, leaf);
            } else {
                resetGroup();
            }
            checkTransitions();
        }
    }

    /** A member's JSON DAVE opcode: ready for transition (23) or invalid commit or welcome (31). */
    public void fromMember(long userId, int op, com.fasterxml.jackson.databind.JsonNode data) {
        int transition = data.path("transition_id").asInt();
        if (op == DaveHandler.READY_FOR_TRANSITION) {
            ready(userId, transition);
        } else if (op == DaveHandler.INVALID_COMMIT_WELCOME) {
            invalidCommitWelcome(userId, transition);
        }
    }

    /** A member's binary DAVE message, opcode byte then payload: key package (26) or commit and welcome (28). */
    public void fromMember(long userId, byte[] message) {
        if (message.length < 1) {
            return;
        }
        byte[] payload = Arrays.copyOfRange(message, 1, message.length);
        switch (message[0]) {
            case DaveHandler.KEY_PACKAGE -> keyPackage(userId, payload);
            case DaveHandler.COMMIT_WELCOME -> commitWelcome(userId, payload);
            default -> {
            }
        }
    }

    /**
     * Whether op 26 carries an MLSMessage (version 1, wire format mls_key_package = 5) rather than a
     * bare KeyPackage (version 1, then its cipher suite: 2 for DAVE).
     */
    static boolean isWrappedKeyPackage(byte[] message) {
        return message.length > 4 && message[0] == 0 && message[1] == 1 && message[2] == 0 && message[3] == 5;
    }

    /**
     * A key package the gateway cannot use: said loudly, never passed over. The member could not be
     * added, so going on would leave it out of the group (or the call unencrypted): its connection is
     * closed with a close code instead.
     */
    private void refuseKeyPackage(long userId, String why) {
        log.add(why + " key package of " + userId);
        LOG.warnf("DAVE: %s key package from user %d; closing its voice connection with %d", why, userId, FAILED_TO_DECODE);
        Participant participant = participants.get(userId);
        if (participant != null) {
            participant.refused(FAILED_TO_DECODE, "Failed to decode payload: " + why + " DAVE key package");
        }
    }

    /** dave_mls_key_package (26): validated, then proposed for addition. */
    public void keyPackage(long userId, byte[] message) {
        synchronized (DaveSession.MLS_LOCK) {
            if (unreadableKeyPackagesOf.contains(userId)) {
                refuseKeyPackage(userId, "unreadable");
                return;
            }
            KeyPackage keyPackage;
            try {
                // libdave sends the bare KeyPackage; the protocol text describes it wrapped in an MLSMessage.
                boolean wrapped = isWrappedKeyPackage(message);
                keyPackage = wrapped
                        ? ((MLSMessage) MLSInputStream.decode(message, MLSMessage.class)).keyPackage
                        : (KeyPackage) MLSInputStream.decode(message, KeyPackage.class);
                log.add((wrapped ? "wrapped (MLSMessage)" : "bare") + " key package of " + userId);
                Credential credential = keyPackage.getLeafNode().getCredential();
                if (keyPackage.getSuite().getSuiteID() != DaveSession.SUITE.getSuiteID()
                        || credential.getCredentialType() != CredentialType.basic
                        || !Arrays.equals(credential.getIdentity(), ByteBuffer.allocate(8).putLong(userId).array())
                        || !Arrays.equals(MLSOutputStream.encode(keyPackage.getLeafNode().getLifeTime()), FULL_LIFETIME)
                        || !keyPackage.verify()) {
                    refuseKeyPackage(userId, "rejected");
                    return;
                }
            } catch (IOException | RuntimeException e) {
                refuseKeyPackage(userId, "unreadable");
                return;
            }
            pendingKeyPackages.put(userId, keyPackage);
            if (established) {
                int staleLeaf = leaves.indexOf(userId);
                if (staleLeaf >= 0) {
                    proposeRemove(members(), staleLeaf);
                }
                proposeAdd(members(), userId, keyPackage);
            } else {
                // Initial creation: every pending member learns every other pending member's add proposal.
                for (var other : pendingKeyPackages.entrySet()) {
                    if (other.getKey() != userId) {
                        proposeAdd(Set.of(other.getKey()), userId, keyPackage);
                        proposeAdd(Set.of(userId), other.getKey(), other.getValue());
                    }
                }
            }
        }
    }

    /** dave_mls_commit_welcome (28): the first valid commit of the epoch is announced, its welcome delivered. */
    public void commitWelcome(long committer, byte[] payload) {
        synchronized (DaveSession.MLS_LOCK) {
            try {
                MLSInputStream in = new MLSInputStream(payload);
                MLSMessage commit = (MLSMessage) in.read(MLSMessage.class);
                byte[] commitBytes = MLSOutputStream.encode(commit);
                byte[] welcomeBytes = Arrays.copyOfRange(payload, commitBytes.length, payload.length);
                List<long[]> applied = proposalsSent.getOrDefault(committer, List.of());
                boolean member = established ? leaves.contains(committer) : pendingKeyPackages.containsKey(committer);
                if (committedThisEpoch || commit.getEpoch() != epoch || !member || applied.isEmpty()
                        || DaveSession.committedProposalCount(commitBytes) != applied.size()) {
                    log.add("ignored commit of " + committer + " for epoch " + commit.getEpoch());
                    return;
                }
                committedThisEpoch = true;
                Set<Long> previousMembers = established ? members() : Set.of(committer);
                if (!established) {
                    leaves.clear();
                    leaves.add(committer);
                    pendingKeyPackages.remove(committer);
                }
                List<Long> added = apply(applied);
                established = true;
                epoch++;
                proposalsSent.clear();
                removalsProposed.clear();
                committedThisEpoch = false;
                int transition = nextTransitionId++;
                transitionVersions.put(transition, DaveSession.PROTOCOL_VERSION);
                awaitingReady.put(transition, new HashSet<>(members()));
                byte[] announce = withTransition(transition, commitBytes);
                for (long id : previousMembers) {
                    if (members().contains(id) && participants.containsKey(id)) {
                        participants.get(id).binary(DaveHandler.ANNOUNCE_COMMIT_TRANSITION, announce);
                    }
                }
                byte[] welcome = withTransition(transition, welcomeBytes);
                for (long id : added) {
                    pendingKeyPackages.remove(id);
                    if (participants.containsKey(id)) {
                        participants.get(id).binary(DaveHandler.WELCOME, welcome);
                    }
                }
                log.add("epoch " + epoch + " by " + committer + ": members " + members());
                TIMEOUTS.schedule(() -> executeTransition(transition, true), transitionTimeoutMillis, TimeUnit.MILLISECONDS);
                // Key packages that arrived while this commit was in flight are proposed in the new epoch.
                for (var pending : pendingKeyPackages.entrySet()) {
                    proposeAdd(members(), pending.getKey(), pending.getValue());
                }
            } catch (Exception e) {
                log.add("unreadable commit of " + committer + ": " + e);
            }
        }
    }

    /** dave_protocol_ready_for_transition (23). */
    public void ready(long userId, int transition) {
        synchronized (DaveSession.MLS_LOCK) {
            Set<Long> waiting = awaitingReady.get(transition);
            if (waiting != null) {
                waiting.remove(userId);
                checkTransitions();
            }
        }
    }

    /** dave_mls_invalid_commit_welcome (31): the member is removed and waits to be re-added with a new key package. */
    public void invalidCommitWelcome(long userId, int transition) {
        synchronized (DaveSession.MLS_LOCK) {
            log.add("invalid commit or welcome reported by " + userId + " in transition " + transition);
            int leaf = leaves.indexOf(userId);
            if (leaf >= 0 && members().size() > 1) {
                proposeRemove(members(), leaf);
            }
        }
    }

    private void checkTransitions() {
        for (var waiting : List.copyOf(awaitingReady.entrySet())) {
            waiting.getValue().retainAll(participants.keySet());
            if (waiting.getValue().isEmpty()) {
                executeTransition(waiting.getKey(), false);
            }
        }
    }

    private void executeTransition(int transition, boolean timedOut) {
        synchronized (DaveSession.MLS_LOCK) {
            if (awaitingReady.remove(transition) == null) {
                return;
            }
            Integer version = transitionVersions.remove(transition);
            ObjectNode execute = JSON.createObjectNode().put("transition_id", transition);
            participants.values().forEach(p -> p.json(DaveHandler.EXECUTE_TRANSITION, execute));
            log.add("executed transition " + transition + " to version " + version
                    + (timedOut ? " after the timeout, members not ready" : ""));
        }
    }

    /** Leaves in MLS order: removes blank their leaf, then adds fill the leftmost blank leaf or extend the tree. */
    private List<Long> apply(List<long[]> proposals) {
        for (long[] proposal : proposals) {
            if (proposal[0] == 1 && proposal[1] < leaves.size()) {
                leaves.set((int) proposal[1], null);
            }
        }
        List<Long> added = new ArrayList<>();
        for (long[] proposal : proposals) {
            if (proposal[0] == 0) {
                int blank = leaves.indexOf(null);
                if (blank >= 0) {
                    leaves.set(blank, proposal[1]);
                } else {
                    leaves.add(proposal[1]);
                }
                added.add(proposal[1]);
            }
        }
        while (!leaves.isEmpty() && leaves.get(leaves.size() - 1) == null) {
            leaves.remove(leaves.size() - 1);
        }
        return added;
    }

    private void proposeAdd(Set<Long> recipients, long userId, KeyPackage keyPackage) {
        try {
            propose(recipients, new long[] {0, userId}, Proposal.add(keyPackage));
        } catch (IOException e) {
            log.add("add proposal for " + userId + " not built: " + e);
        }
    }

    private void proposeRemove(Set<Long> recipients, int leaf) {
        if (removalsProposed.add(leaf)) {
            propose(recipients, new long[] {1, leaf}, Proposal.remove(new LeafIndex(leaf)));
        }
    }

    private void propose(Set<Long> recipients, long[] meaning, Proposal proposal) {
        try {
            MLSMessage message = MLSMessage.externalProposal(DaveSession.SUITE, groupId, epoch, proposal, 0, externalSenderSignature);
            MLSOutputStream out = new MLSOutputStream();
            out.write((byte) 0);
            out.writeList(List.of(message));
            byte[] payload = out.toByteArray();
            for (long id : recipients) {
                Participant recipient = participants.get(id);
                if (recipient != null) {
                    proposalsSent.computeIfAbsent(id, k -> new ArrayList<>()).add(meaning);
                    recipient.binary(DaveHandler.PROPOSALS, payload);
                }
            }
        } catch (Exception e) {
            log.add("proposal not built: " + e);
        }
    }

    /** One member left: it starts a new group alone, and a later joiner is welcomed into a fresh one. */
    private void soleMemberReset(long sole) {
        resetGroup();
        Participant participant = participants.get(sole);
        participant.json(DaveHandler.PREPARE_EPOCH, JSON.createObjectNode().put("protocol_version", protocolVersion).put("epoch", 1));
        participant.json(DaveHandler.PREPARE_TRANSITION, JSON.createObjectNode().put("protocol_version", protocolVersion).put("transition_id", 0));
        log.add("sole member reset for " + sole);
    }

    private void resetGroup() {
        established = false;
        epoch = 0;
        leaves.clear();
        pendingKeyPackages.clear();
        proposalsSent.clear();
        removalsProposed.clear();
        committedThisEpoch = false;
    }

    /**
     * The last participant without DAVE left: the call goes back to DAVE. Every member learns the
     * external sender and that a new group starts at epoch 1 (prepare_epoch, op 24, with the protocol
     * version), answers with a key package, and the group forms as at a call's start; members keep
     * transport-only media until the commit's transition executes.
     */
    private void upgrade() {
        protocolVersion = maxProtocolVersion;
        resetGroup();
        ObjectNode prepare = JSON.createObjectNode().put("protocol_version", protocolVersion).put("epoch", 1);
        for (Participant p : participants.values()) {
            p.binary(DaveHandler.EXTERNAL_SENDER_PACKAGE, externalSenderPackage);
            p.json(DaveHandler.PREPARE_EPOCH, prepare);
        }
        log.add("upgraded to version " + protocolVersion);
    }

    /** A participant without DAVE joined: everyone moves to transport-only encryption. */
    private void downgrade() {
        protocolVersion = 0;
        int transition = nextTransitionId++;
        transitionVersions.put(transition, 0);
        Set<Long> daveMembers = new HashSet<>();
        ObjectNode prepare = JSON.createObjectNode().put("protocol_version", 0).put("transition_id", transition);
        for (Participant p : participants.values()) {
            if (p.supportsDave()) {
                daveMembers.add(p.userId());
                p.json(DaveHandler.PREPARE_TRANSITION, prepare);
            }
        }
        awaitingReady.put(transition, daveMembers);
        resetGroup();
        TIMEOUTS.schedule(() -> executeTransition(transition, true), transitionTimeoutMillis, TimeUnit.MILLISECONDS);
        checkTransitions();
    }

    private static byte[] withTransition(int transition, byte[] body) {
        return ByteBuffer.allocate(2 + body.length).putShort((short) transition).put(body).array();
    }

    private static ObjectNode userIds(Iterable<Long> ids) {
        ObjectNode data = JSON.createObjectNode();
        var array = data.putArray("user_ids");
        ids.forEach(id -> array.add(Long.toString(id)));
        return data;
    }
}
