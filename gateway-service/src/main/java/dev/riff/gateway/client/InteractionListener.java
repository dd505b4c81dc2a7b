package dev.riff.gateway.client;

import dev.riff.gateway.domain.Reply;
import dev.riff.gateway.service.Wording;
import dev.riff.gateway.domain.CommandRequest;
import dev.riff.gateway.service.AcknowledgementLatency;
import dev.riff.gateway.service.Admission;
import dev.riff.gateway.service.ButtonCommands;
import dev.riff.gateway.service.CommandService;
import dev.riff.gateway.service.RecentQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.GuildVoiceState;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.middleman.AudioChannel;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.jboss.logging.Logger;

/**
 * Interactions from the Discord gateway: turns each into a {@link CommandRequest}, answers within
 * Discord's 3 seconds (a private refusal, or a deferral), then lets the command service carry it out.
 */
@ApplicationScoped
public class InteractionListener extends ListenerAdapter {

    private static final Logger LOG = Logger.getLogger(InteractionListener.class);

    private final CommandService commands;
    private final RecentQueries recentQueries;
    private final AcknowledgementLatency latency;

    InteractionListener(CommandService commands, RecentQueries recentQueries, AcknowledgementLatency latency) {
        this.commands = commands;
        this.recentQueries = recentQueries;
        this.latency = latency;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (!event.isFromGuild()) {
            event.reply(Wording.text(Wording.language(null, event.getUserLocale().getLocale()), Reply.of("guild-only"))).setEphemeral(true).queue();
            return;
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (OptionMapping option : event.getOptions()) {
            options.put(option.getName(), value(option));
        }
        CommandRequest request = request(event.getGuild(), event.getMember(), event.getId(), event.getToken(),
                event.getChannelId(), event.getName(), event.getSubcommandName(), options, false, localeOf(event));
        commands.admit(request).subscribe().with(admission -> {
            switch (admission) {
                case Admission.Rejected rejected -> event.reply(rejected.text()).setEphemeral(true)
                        .queue(sent -> latency.answered(event.getTimeCreated()));
                case Admission.Duplicate ignored -> LOG.debugf("Interaction %s was already handled", event.getId());
                case Admission.Accepted accepted -> event.deferReply(accepted.ephemeral()).queue(hook -> {
                    latency.deferred(event.getTimeCreated());
                    if (request.command().equals("play")) {
                        recentQueries.remember(request.userId(), request.option("query")).subscribe().with(ok -> { }, failure -> { });
                    }
                    commands.execute(request, accepted, new HookReplies(event.getJDA(), event.getToken(),
                            CommandService.acknowledgementOf(request, accepted.ephemeral()))).subscribe().with(ok -> { },
                            failure -> LOG.errorf(failure, "Executing /%s failed", request.command()));
                });
            }
        }, failure -> {
            LOG.errorf(failure, "Admitting /%s failed", event.getName());
            event.reply(Wording.text(Wording.language(null, request.locale()), Reply.of("internal-error"))).setEphemeral(true).queue();
        });
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        var buttonCommand = event.getComponentId() == null ? null : ButtonCommands.of(event.getComponentId()).orElse(null);
        if (buttonCommand == null || !event.isFromGuild()) {
            event.reply(Wording.text(Wording.language(null, localeOf(event)), Reply.of("stale-button"))).setEphemeral(true).queue();
            return;
        }
        CommandRequest request = request(event.getGuild(), event.getMember(), event.getId(), event.getToken(),
                event.getChannelId(), buttonCommand.command(), null, buttonCommand.options(), true, localeOf(event));
        commands.admit(request).subscribe().with(admission -> {
            switch (admission) {
                case Admission.Rejected rejected -> event.reply(rejected.text()).setEphemeral(true)
                        .queue(sent -> latency.answered(event.getTimeCreated()));
                case Admission.Duplicate ignored -> LOG.debugf("Interaction %s was already handled", event.getId());
                case Admission.Accepted accepted -> event.deferEdit().queue(hook -> {
                    latency.deferred(event.getTimeCreated());
                    commands.execute(request, accepted, new HookReplies(event.getJDA(), event.getToken(),
                            CommandService.acknowledgementOf(request, false))).subscribe().with(ok -> { },
                            failure -> LOG.errorf(failure, "Executing button %s failed", event.getComponentId()));
                });
            }
        }, failure -> event.reply(Wording.text(Wording.language(null, request.locale()), Reply.of("internal-error"))).setEphemeral(true).queue());
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        if (!event.getName().equals("play") || !event.getFocusedOption().getName().equals("query")) {
            event.replyChoices(List.of()).queue();
            return;
        }
        String typed = event.getFocusedOption().getValue();
        recentQueries.suggest(event.getUser().getId(), typed)
                .onFailure().recoverWithItem(List.of())
                .subscribe().with(suggestions -> event.replyChoiceStrings(suggestions).queue());
    }

    /** Builds the request from JDA's cache: the member's roles, permissions and voice channel, and the bot's. */
    static CommandRequest request(Guild guild, Member member, String interactionId, String token, String channelId,
            String command, String subcommand, Map<String, Object> options, boolean fromButton, String locale) {
        Set<String> roles = member.getRoles().stream().map(Role::getId).collect(Collectors.toSet());
        long permissions = Permission.getRaw(member.getPermissions());
        AudioChannel memberChannel = channelOf(member.getVoiceState());
        AudioChannel botChannel = channelOf(guild.getSelfMember().getVoiceState());
        int listeners = botChannel == null ? 0 : (int) botChannel.getMembers().stream().filter(m -> !m.getUser().isBot()).count();
        return new CommandRequest(interactionId, token, guild.getId(), channelId, member.getId(), roles, permissions,
                memberChannel == null ? null : memberChannel.getId(), botChannel == null ? null : botChannel.getId(), listeners,
                command, subcommand, options, fromButton, locale);
    }

    /** Discord's locale for the guild (a BCP 47 tag), or the member's when the guild has none. */
    private static String localeOf(net.dv8tion.jda.api.interactions.Interaction event) {
        var guildLocale = event.isFromGuild() ? event.getGuildLocale() : null;
        return guildLocale != null && guildLocale != net.dv8tion.jda.api.interactions.DiscordLocale.UNKNOWN
                ? guildLocale.getLocale() : event.getUserLocale().getLocale();
    }

    private static AudioChannel channelOf(GuildVoiceState state) {
        return state == null ? null : state.getChannel();
    }

    private static Object value(OptionMapping option) {
        return switch (option.getType()) {
            case INTEGER -> option.getAsLong();
            case NUMBER -> option.getAsDouble();
            case BOOLEAN -> option.getAsBoolean();
            default -> option.getAsString();
        };
    }
}
