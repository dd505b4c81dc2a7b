package dev.riff.voice.dave;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.LifeTime;
import org.bouncycastle.mls.TreeKEM.TreeKEMPublicKey;
import org.bouncycastle.mls.codec.Capabilities;
import org.bouncycastle.mls.codec.ContentType;
import org.bouncycastle.mls.codec.Credential;
import org.bouncycastle.mls.codec.CredentialType;
import org.bouncycastle.mls.codec.Extension;
import org.bouncycastle.mls.codec.ExtensionType;
import org.bouncycastle.mls.codec.ExternalSender;
import org.bouncycastle.mls.codec.FramedContent;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.codec.ProposalOrRef;
import org.bouncycastle.mls.codec.ProposalType;
import org.bouncycastle.mls.codec.SenderType;
import org.bouncycastle.mls.codec.Welcome;
import org.bouncycastle.mls.codec.WireFormat;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;
import org.bouncycastle.mls.protocol.CachedProposal;
import org.bouncycastle.mls.protocol.Group;
import org.jboss.logging.Logger;

/**
 * One member's MLS state in a DAVE call (protocol version 1): its key package, the local group it
 * creates while the call's group is not established, the established group once a commit or
 * welcome lands, and the exported per-sender media secrets. Only the voice gateway's external
 * add and remove proposals are accepted, and every member commits them.
 */
public final class DaveSession {

    public static final int PROTOCOL_VERSION = 1;
    /** DHKEMP256_AES128GCM_SHA256_P256, MLS ciphersuite 2. */
    public static final MlsCipherSuite SUITE;
    static final String SENDER_KEY_LABEL = "Discord Secure Frames v0";
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * bcmls's ciphersuites are shared singletons holding one digest instance each, so concurrent
     * MLS operations in one JVM corrupt each other's hashes: every MLS operation takes this lock.
     */
    public static final Object MLS_LOCK = new Object();
    private static final Logger LOG = Logger.getLogger(DaveSession.class);

    static {
        try {
            SUITE = MlsCipherSuite.getSuite(MlsCipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What processing an announced commit did. */
    public enum CommitOutcome { APPLIED, IGNORED, INVALID }

    private final long userId;
    private final byte[] groupId;
    private final Set<Long> expectedUsers = new HashSet<>();
    private ExternalSender externalSender;
    private JoinPackage joinPackage;
    /** This member alone, with the external sender: the group it commits the first proposals to. */
    private Group localGroup;
    private Group group;
    private byte[] pendingCommit;
    private Group pendingCommitGroup;

    /** The key package this member waits to be welcomed with, and its private keys. */
    private record JoinPackage(AsymmetricCipherKeyPair initKeyPair, AsymmetricCipherKeyPair encryptionKeyPair,
            AsymmetricCipherKeyPair signatureKeyPair, KeyPackage keyPackage) {
    }

    public DaveSession(long userId, long channelId) {
        this.userId = userId;
        this.groupId = ByteBuffer.allocate(8).putLong(channelId).array();
    }

    public long userId() {
        return userId;
    }

    public boolean established() {
        synchronized (MLS_LOCK) {
            return group != null;
        }
    }

    public long epoch() {
        synchronized (MLS_LOCK) {
            return group == null ? 0 : group.getEpoch();
        }
    }

    /** The user ids of the established group's members. */
    public Set<Long> members() {
        synchronized (MLS_LOCK) {
            return group == null ? Set.of() : identities(group.getTree());
        }
    }

    /** The epoch authenticator members compare out of band. */
    public byte[] epochAuthenticator() {
        synchronized (MLS_LOCK) {
            return group == null ? new byte[0] : group.getEpochAuthenticator();
        }
    }

    /** clients_connect (11) and client_disconnect (13): who may be proposed for addition. */
    public void usersConnected(Iterable<Long> userIds) {
        synchronized (MLS_LOCK) {
            userIds.forEach(expectedUsers::add);
        }
    }

    public void userDisconnected(long id) {
        synchronized (MLS_LOCK) {
            expectedUsers.remove(id);
        }
    }

    /** Whether the voice gateway has announced anyone in the call besides this member. */
    public boolean othersConnected() {
        synchronized (MLS_LOCK) {
            return expectedUsers.stream().anyMatch(id -> id != userId);
        }
    }

    /** dave_mls_external_sender_package (25). */
    public void externalSender(byte[] encoded) throws IOException {
        synchronized (MLS_LOCK) {
            externalSender = (ExternalSender) MLSInputStream.decode(encoded, ExternalSender.class);
            createLocalGroup();
        }
    }

    /**
     * A fresh key package for dave_mls_key_package (26), after select_protocol_ack, a group
     * re-creation or an invalid commit or welcome: the bare TLS-serialized KeyPackage, as Discord's
     * libdave writes it (the protocol text describes an MLSMessage wrapper, which libdave does not send).
     */
    public byte[] keyPackage() throws Exception {
        synchronized (MLS_LOCK) {
            AsymmetricCipherKeyPair init = SUITE.getHPKE().generatePrivateKey();
            AsymmetricCipherKeyPair encryption = SUITE.getHPKE().generatePrivateKey();
            AsymmetricCipherKeyPair signature = SUITE.generateSignatureKeyPair();
            byte[] signaturePrivate = SUITE.serializeSignaturePrivateKey(signature.getPrivate());
            // Basic credential with the big-endian user id; the default lifetime is the full span DAVE requires.
            LeafNode leaf = new LeafNode(SUITE, SUITE.getHPKE().serializePublicKey(encryption.getPublic()),
                    SUITE.serializeSignaturePublicKey(signature.getPublic()), Credential.forBasic(identity(userId)),
                    new Capabilities(), new LifeTime(), new ArrayList<>(), signaturePrivate);
            KeyPackage keyPackage = new KeyPackage(SUITE, SUITE.getHPKE().serializePublicKey(init.getPublic()), leaf,
                    new ArrayList<>(), signaturePrivate);
            joinPackage = new JoinPackage(init, encryption, signature, keyPackage);
            createLocalGroup();
            return MLSOutputStream.encode(keyPackage);
        }
    }

    /** Forgets all group state, as after prepare_epoch with epoch 1 or an unprocessable commit or welcome. */
    public void reset() {
        synchronized (MLS_LOCK) {
            group = null;
            localGroup = null;
            pendingCommit = null;
            pendingCommitGroup = null;
        }
    }

    private void createLocalGroup() {
        if (group != null || externalSender == null || joinPackage == null) {
            return;
        }
        try {
            List<Extension> extensions = new ArrayList<>(List.of(Extension.externalSender(List.of(externalSender))));
            LeafNode leaf = joinPackage.keyPackage().getLeafNode();
            localGroup = new Group(groupId, SUITE, joinPackage.encryptionKeyPair(),
                    SUITE.serializeSignaturePrivateKey(joinPackage.signatureKeyPair().getPrivate()),
                    leaf.copy(leaf.getEncryptionKey()), extensions);
        } catch (Exception e) {
            throw new IllegalStateException("local MLS group not created", e);
        }
    }

    /**
     * dave_mls_proposals (27) after its sequence number and opcode: appends or revokes proposals and
     * returns the dave_mls_commit_welcome (28) payload committing everything cached, if anything is.
     */
    public Optional<byte[]> proposals(byte[] payload) throws Exception {
        synchronized (MLS_LOCK) {
            Group target = group != null ? group : localGroup;
            if (target == null) {
                return Optional.empty();
            }
            MLSInputStream in = new MLSInputStream(payload);
            int operation = (byte) in.read(byte.class) & 0xff;
            if (operation == 0) {
                List<MLSMessage> messages = new ArrayList<>();
                in.readList(messages, MLSMessage.class);
                for (MLSMessage message : messages) {
                    byte[] encoded = MLSOutputStream.encode(message);
                    checkProposal(encoded);
                    if (target.handle(encoded, null) != null) {
                        throw new IllegalArgumentException("a proposals message carried a commit");
                    }
                }
            } else if (operation == 1) {
                revoke(target, opaqueVector(in.readOpaque()));
            } else {
                throw new IllegalArgumentException("unknown proposals operation " + operation);
            }
            if (cachedProposals(target).isEmpty()) {
                pendingCommit = null;
                return Optional.empty();
            }
            byte[] leafSecret = new byte[SUITE.getKDF().getHashLength()];
            RANDOM.nextBytes(leafSecret);
            // The welcome carries the ratchet tree inline so joiners can build the group from it alone.
            Group.GroupWithMessage committed = target.commit(new Secret(leafSecret),
                    new Group.CommitOptions(new ArrayList<>(), true, false, null), new Group.MessageOptions(),
                    new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
            pendingCommit = MLSOutputStream.encode(committed.message);
            pendingCommitGroup = committed.group;
            MLSOutputStream out = new MLSOutputStream();
            out.write(committed.message);
            if (hasAdds(target)) {
                out.write(committed.message.welcome);
            }
            return Optional.of(out.toByteArray());
        }
    }

    /** Only the voice gateway's add and remove proposals, adding users the gateway said are connected. */
    private void checkProposal(byte[] encoded) throws IOException {
        FramedContent content = framedContent(encoded);
        if (content.getSender().getSenderType() != SenderType.EXTERNAL || content.getSender().getSenderIndex() != 0
                || content.getContentType() != ContentType.PROPOSAL) {
            throw new IllegalArgumentException("proposal not from the voice gateway's external sender");
        }
        Proposal proposal = content.getProposal();
        if (proposal.getProposalType() == ProposalType.ADD) {
            Credential credential = proposal.getAdd().keyPackage.getLeafNode().getCredential();
            long added = credential.getCredentialType() == CredentialType.basic ? userIdOf(credential.getIdentity()) : -1;
            if (!expectedUsers.contains(added)) {
                throw new IllegalArgumentException("add proposal for user " + added + " who is not in the call");
            }
        } else if (proposal.getProposalType() != ProposalType.REMOVE) {
            throw new IllegalArgumentException("proposal type " + proposal.getProposalType() + " not allowed");
        }
    }

    /**
     * dave_mls_announce_commit_transition (29): our own commit adopts the state it produced;
     * another member's is processed on the established group. Without a group and not ours, the
     * commit is not for us: a welcome follows.
     */
    public CommitOutcome commit(byte[] commitMessage) {
        synchronized (MLS_LOCK) {
            try {
                if (pendingCommit != null && Arrays.equals(pendingCommit, commitMessage)) {
                    adopt(pendingCommitGroup);
                    return CommitOutcome.APPLIED;
                }
                if (group == null) {
                    return CommitOutcome.IGNORED;
                }
                Group next = group.handle(commitMessage, null);
                if (next == null) {
                    return CommitOutcome.INVALID;
                }
                adopt(next);
                return CommitOutcome.APPLIED;
            } catch (Exception e) {
                LOG.warnf(e, "DAVE commit for user %d not processed", userId);
                return CommitOutcome.INVALID;
            }
        }
    }

    /** dave_mls_welcome (30): joins the group the welcome describes if it is a valid DAVE group. */
    public boolean welcome(byte[] welcomeBytes) {
        synchronized (MLS_LOCK) {
            if (joinPackage == null) {
                return false;
            }
            try {
                Welcome welcome = (Welcome) MLSInputStream.decode(welcomeBytes, Welcome.class);
                Group joined = new Group(SUITE.getHPKE().serializePrivateKey(joinPackage.initKeyPair().getPrivate()),
                        joinPackage.encryptionKeyPair(), SUITE.serializeSignaturePrivateKey(joinPackage.signatureKeyPair().getPrivate()),
                        joinPackage.keyPackage(), welcome, null, new HashMap<>(), new HashMap<>());
                if (joined.getSuite().getSuiteID() != SUITE.getSuiteID() || !hasOurExternalSender(joined)) {
                    return false;
                }
                adopt(joined);
                return true;
            } catch (Exception e) {
                LOG.warnf(e, "DAVE welcome for user %d not processed", userId);
                return false;
            }
        }
    }

    private void adopt(Group next) throws IOException {
        TreeKEMPublicKey tree = next.getTree();
        if (identities(tree).size() != memberCount(tree)) {
            throw new IllegalStateException("two members share a user id");
        }
        group = next;
        localGroup = null;
        pendingCommit = null;
        pendingCommitGroup = null;
    }

    private boolean hasOurExternalSender(Group joined) throws IOException {
        List<ExternalSender> senders = new ArrayList<>();
        for (Extension extension : joined.getExtensions()) {
            if (extension.extensionType == ExtensionType.EXTERNAL_SENDERS) {
                senders.addAll(extension.getSenders());
            }
        }
        return senders.size() == 1 && externalSender != null
                && Arrays.equals(MLSOutputStream.encode(senders.get(0)), MLSOutputStream.encode(externalSender));
    }

    /** A sender's ratchet base secret for the current epoch: MLS-Exporter(label, little-endian user id, 16). */
    public byte[] senderBaseSecret(long senderUserId) throws IOException {
        synchronized (MLS_LOCK) {
            if (group == null) {
                throw new IllegalStateException("no established group");
            }
            byte[] context = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(senderUserId).array();
            return group.getKeySchedule().MLSExporter(SENDER_KEY_LABEL, context, KeyRatchet.KEY_LENGTH);
        }
    }

    public KeyRatchet senderRatchet(long senderUserId) throws IOException {
        return new KeyRatchet(SUITE, senderBaseSecret(senderUserId));
    }

    // --- helpers on bcmls structures ---

    static byte[] identity(long userId) {
        return ByteBuffer.allocate(8).putLong(userId).array();
    }

    static long userIdOf(byte[] identity) {
        return identity.length == 8 ? ByteBuffer.wrap(identity).getLong() : -1;
    }

    /** The framed content of a PublicMessage, read past MLSMessage's version and wire format. */
    static FramedContent framedContent(byte[] mlsMessage) throws IOException {
        MLSMessage message = (MLSMessage) MLSInputStream.decode(mlsMessage, MLSMessage.class);
        if (message.wireFormat != WireFormat.mls_public_message) {
            throw new IllegalArgumentException("handshake messages must be PublicMessages");
        }
        return (FramedContent) new MLSInputStream(Arrays.copyOfRange(mlsMessage, 4, mlsMessage.length)).read(FramedContent.class);
    }

    /** How many proposals a commit message commits; the voice gateway checks it covers all it sent. */
    public static int committedProposalCount(byte[] commitMessage) throws IOException {
        List<ProposalOrRef> proposals = framedContent(commitMessage).getCommit().getProposals();
        return proposals.size();
    }

    /** The items of an opaque<V> vector of opaque<V> values (bcmls reads lists of structs only). */
    static List<byte[]> opaqueVector(byte[] vector) {
        List<byte[]> items = new ArrayList<>();
        int at = 0;
        while (at < vector.length) {
            int prefix = (vector[at] & 0xff) >>> 6;
            int width = 1 << prefix;
            long length = vector[at] & 0x3f;
            for (int i = 1; i < width; i++) {
                length = (length << 8) | (vector[at + i] & 0xff);
            }
            at += width;
            if (prefix == 3 || at + length > vector.length) {
                throw new IllegalArgumentException("malformed opaque vector");
            }
            items.add(Arrays.copyOfRange(vector, at, at + (int) length));
            at += (int) length;
        }
        return items;
    }

    static Set<Long> identities(TreeKEMPublicKey tree) {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < tree.getSize().leafCount(); i++) {
            LeafIndex index = new LeafIndex(i);
            if (tree.hasLeaf(index)) {
                ids.add(userIdOf(tree.getLeafNode(index).getCredential().getIdentity()));
            }
        }
        return ids;
    }

    private static int memberCount(TreeKEMPublicKey tree) {
        int count = 0;
        for (int i = 0; i < tree.getSize().leafCount(); i++) {
            count += tree.hasLeaf(new LeafIndex(i)) ? 1 : 0;
        }
        return count;
    }

    // bcmls keeps cached proposals private and has no revoke; DAVE's revoke removes them by reference.
    private static final Field PENDING_PROPOSALS = field(Group.class, "pendingProposals");
    private static final Field PROPOSAL_REF = field(CachedProposal.class, "proposalRef");
    private static final Field CACHED_PROPOSAL = field(CachedProposal.class, "proposal");

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cachedProposals(Group group) throws IllegalAccessException {
        return (List<Object>) PENDING_PROPOSALS.get(group);
    }

    private static void revoke(Group group, List<byte[]> refs) throws IllegalAccessException {
        cachedProposals(group).removeIf(cached -> {
            try {
                byte[] ref = (byte[]) PROPOSAL_REF.get(cached);
                return refs.stream().anyMatch(r -> Arrays.equals(r, ref));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static boolean hasAdds(Group group) throws IllegalAccessException {
        for (Object cached : cachedProposals(group)) {
            if (((Proposal) CACHED_PROPOSAL.get(cached)).getProposalType() == ProposalType.ADD) {
                return true;
            }
        }
        return false;
    }
}
