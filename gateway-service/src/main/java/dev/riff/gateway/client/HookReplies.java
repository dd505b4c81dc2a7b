package dev.riff.gateway.client;

import dev.riff.gateway.service.InteractionRegistry.Acknowledgement;
import dev.riff.gateway.service.Replies;
import io.smallrye.mutiny.Uni;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * Replies through the interaction's webhook, which only needs the token: any gateway pod can answer
 * any interaction for its 15 minutes, whichever pod acknowledged it.
 */
public final class HookReplies implements Replies {

    private final InteractionHook hook;
    private final Acknowledgement acknowledgement;

    public HookReplies(JDA jda, String token, Acknowledgement acknowledgement) {
        this.hook = InteractionHook.from(jda, token);
        this.acknowledgement = acknowledgement;
    }

    @Override
    public Uni<Void> edit(MessageEditData message) {
        return Uni.createFrom().completionStage(() -> hook.editOriginal(message).submit()).replaceWithVoid();
    }

    @Override
    public Uni<Void> failPrivately(String message) {
        return switch (acknowledgement) {
            case EPHEMERAL -> edit(dev.riff.gateway.service.ReplyRenderer.text(message));
            // Leave the player message alone; tell the member who pressed the button.
            case COMPONENT -> Uni.createFrom().completionStage(() -> hook.sendMessage(message).setEphemeral(true).submit()).replaceWithVoid();
            case PUBLIC -> Uni.createFrom().completionStage(() -> hook.deleteOriginal().submit())
                    .chain(() -> Uni.createFrom().completionStage(() -> hook.sendMessage(message).setEphemeral(true).submit()))
                    .replaceWithVoid();
        };
    }
}
