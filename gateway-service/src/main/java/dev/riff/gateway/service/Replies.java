package dev.riff.gateway.service;

import io.smallrye.mutiny.Uni;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/** The way back to the member for an acknowledged interaction. */
public interface Replies {

    /** Replaces the acknowledged reply (the "thinking…" message, or the message a button sits on). */
    Uni<Void> edit(MessageEditData message);

    /** Tells the member privately that the command failed, removing a public placeholder. */
    Uni<Void> failPrivately(String message);
}
