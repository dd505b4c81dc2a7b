package dev.riff.devkit.discord.dave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sedmelluq.discord.lavaplayer.natives.opus.OpusDecoder;
import dev.riff.voice.Rtp;
import dev.riff.voice.dave.DaveHandler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A simulated human in a voice call: a real DAVE member built on the same client code as the bot
 * (key package, commits, welcomes, transitions), which decrypts the frames the SFU forwards and
 * decodes their Opus, so tests hear what travelled end-to-end encrypted.
 */
public final class DaveListener implements DaveCall.Participant, AutoCloseable {

    /** One frame heard: arrival time, its RTP sequence number and the decoded left channel. */
    public record Heard(long arrivalNanos, int sequence, short[] mono) {
    }

    private final long userId;
    private final boolean supportsDave;
    private final DaveCall call;
    private final DaveHandler handler;
    private final ExecutorService inbox;
    private final OpusDecoder decoder = new OpusDecoder(48_000, 2);
    public final List<Heard> heard = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    /** The close code the voice gateway ended this member's connection with, or null. */
    public volatile Integer refusedWith;

    public DaveListener(long userId, long channelId, boolean supportsDave, DaveCall call) {
        this.userId = userId;
        this.supportsDave = supportsDave;
        this.call = call;
        this.inbox = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("dave-listener-" + userId).daemon(true).factory());
        this.handler = new DaveHandler(userId, channelId, true, new DaveHandler.Outbound() {
            @Override
            public void json(int op, ObjectNode data) {
                call.fromMember(userId, op, data);
            }

            @Override
            public void binary(byte[] message) {
                call.fromMember(userId, message);
            }
        });
    }

    /**
     * Joins the call as the voice gateway admits a client: the protocol version of its
     * select_protocol_ack first, then who is in the call and the external sender.
     */
    public DaveListener join() {
        int version = call.join(this);
        onInbox(() -> handler.sessionDescribed(version));
        call.described(this);
        return this;
    }

    @Override
    public void refused(int closeCode, String reason) {
        refusedWith = closeCode;
        onInbox(this::close);
    }

    public DaveHandler handler() {
        return handler;
    }

    @Override
    public long userId() {
        return userId;
    }

    @Override
    public boolean supportsDave() {
        return supportsDave;
    }

    @Override
    public void json(int op, ObjectNode data) {
        onInbox(() -> handler.onJson(op, data));
    }

    @Override
    public void binary(int op, byte[] payload) {
        byte[] message = new byte[payload.length + 3];
        message[2] = (byte) op;
        System.arraycopy(payload, 0, message, 3, payload.length);
        onInbox(() -> handler.onBinary(message));
    }

    /** A frame the SFU forwards from a sender (with its RTP sequence): decrypted if it can be, then decoded. */
    public void hear(long senderUserId, int sequence, byte[] frame) {
        if (closed) {
            return;
        }
        long arrival = System.nanoTime();
        byte[] opus = handler.decryptor().decrypt(senderUserId, frame);
        if (opus != null) {
            heard.add(new Heard(arrival, sequence, decode(opus)));
        }
    }

    /** Everything heard so far, as one left-channel signal. */
    public short[] monoPcm() {
        return monoPcmAfter(Long.MIN_VALUE);
    }

    /** What was heard after a moment ({@link System#nanoTime()}), as one left-channel signal. */
    public short[] monoPcmAfter(long nanos) {
        List<Heard> snapshot = heard.stream().filter(h -> h.arrivalNanos() > nanos).toList();
        short[] mono = new short[snapshot.stream().mapToInt(h -> h.mono().length).sum()];
        int at = 0;
        for (Heard h : snapshot) {
            System.arraycopy(h.mono(), 0, mono, at, h.mono().length);
            at += h.mono().length;
        }
        return mono;
    }

    /**
     * Frames the sender sent between the first and the last frame heard that this member did not
     * hear, from the RTP sequence numbers (modulo 2^16): 0 when every frame arrived, was decrypted
     * and kept its order. The sender numbers only the frames it sends, so a busy machine that
     * delays frames does not count here; one lost or undecryptable frame does.
     */
    public long framesMissed() {
        List<Heard> snapshot = List.copyOf(heard);
        long missed = 0;
        for (int i = 1; i < snapshot.size(); i++) {
            missed += ((snapshot.get(i).sequence() - snapshot.get(i - 1).sequence()) & 0xffff) - 1;
        }
        return missed;
    }

    /**
     * The longest silence between two frames heard from the {@code from}th on, in milliseconds: a
     * measurement for benchmarks, not a guarantee.
     */
    public double maxGapMillis(int from) {
        List<Heard> snapshot = List.copyOf(heard);
        double max = 0;
        for (int i = Math.max(1, from); i < snapshot.size(); i++) {
            max = Math.max(max, (snapshot.get(i).arrivalNanos() - snapshot.get(i - 1).arrivalNanos()) / 1e6);
        }
        return max;
    }

    private synchronized short[] decode(byte[] opus) {
        if (closed) {
            return new short[0];
        }
        ByteBuffer input = ByteBuffer.allocateDirect(opus.length).order(ByteOrder.nativeOrder());
        input.put(opus).flip();
        ShortBuffer output = ByteBuffer.allocateDirect(Rtp.SAMPLES_PER_FRAME * 2 * 2 * 6).order(ByteOrder.nativeOrder()).asShortBuffer();
        int samples = decoder.decode(input, output);
        short[] mono = new short[Math.max(0, samples)];
        for (int i = 0; i < mono.length; i++) {
            mono[i] = output.get(i * 2);
        }
        return mono;
    }

    /**
     * Runs a step on this member's own thread. A member the gateway has closed ignores what is
     * still on its way to it, as a hung-up client's socket would.
     */
    private void onInbox(Runnable step) {
        if (closed) {
            return;
        }
        try {
            inbox.execute(step);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    /** Leaves the call, as a member hanging up. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        call.leave(userId);
        inbox.shutdown();
        decoder.close();
    }
}
