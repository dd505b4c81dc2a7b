package dev.riff.gateway.domain;

import dev.riff.contracts.CommandOptions;
import dev.riff.contracts.Setting;
import java.util.List;
import java.util.Set;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

/** Every slash command the bot registers, and how each is authorized. */
public final class CommandCatalog {

    /** Commands that change what plays: DJ-only mode restricts them to the DJ role and server managers. */
    public static final Set<String> DJ_COMMANDS = Set.of("play", "pause", "resume", "skip", "stop", "seek", "volume",
            "remove", "move", "clear", "shuffle", "loop", "filter", "disconnect");

    /** Commands a member must be in a voice channel to use. */
    public static final Set<String> VOICE_COMMANDS = Set.of("play", "pause", "resume", "skip", "voteskip", "stop", "seek",
            "volume", "remove", "move", "clear", "shuffle", "loop", "filter", "disconnect");

    /** Commands the gateway answers itself; the rest go to the guild's playback node. */
    public static final Set<String> GATEWAY_COMMANDS = Set.of("config", "premium", "webhooks");

    /** Commands only members who can manage the server may use. */
    public static final Set<String> MANAGER_COMMANDS = Set.of("config", "webhooks");

    private CommandCatalog() {
    }

    /** The names of all commands, built once: admission checks them on every interaction. */
    public static final Set<String> NAMES = commands().stream().map(CommandData::getName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    public static List<CommandData> commands() {
        return List.of(
                Commands.slash("play", "Play a song or add it to the queue")
                        .addOptions(new OptionData(OptionType.STRING, "query", "A URL or what to search for", true, true).setMaxLength(500),
                                new OptionData(OptionType.BOOLEAN, "next", "Play it next instead of at the end of the queue")),
                Commands.slash("pause", "Pause the music"),
                Commands.slash("resume", "Resume the music"),
                Commands.slash("skip", "Skip the current song"),
                Commands.slash("voteskip", "Vote to skip the current song"),
                Commands.slash("stop", "Stop the music and clear the queue"),
                Commands.slash("seek", "Jump to a position in the current song")
                        .addOptions(new OptionData(OptionType.STRING, "position", "Like 1:30 or 90", true).setMaxLength(12)),
                Commands.slash("volume", "Set the volume")
                        .addOptions(new OptionData(OptionType.INTEGER, "percent", "0 to 200", true).setRequiredRange(0, 200)),
                Commands.slash("queue", "Show the queue")
                        .addOptions(new OptionData(OptionType.INTEGER, "page", "Which page").setMinValue(1)),
                Commands.slash("nowplaying", "Show the current song"),
                Commands.slash("remove", "Remove a song from the queue")
                        .addOptions(new OptionData(OptionType.INTEGER, "position", "Its place in the queue", true).setMinValue(1)),
                Commands.slash("move", "Move a song in the queue")
                        .addOptions(new OptionData(OptionType.INTEGER, "from", "Its place now", true).setMinValue(1),
                                new OptionData(OptionType.INTEGER, "to", "Its new place", true).setMinValue(1)),
                Commands.slash("clear", "Clear the queue"),
                Commands.slash("shuffle", "Shuffle the queue"),
                Commands.slash("loop", "Repeat the song or the queue")
                        .addOptions(new OptionData(OptionType.STRING, "mode", "off, track or queue", true)
                                .addChoice("off", "off").addChoice("track", "track").addChoice("queue", "queue")),
                Commands.slash("filter", "Change how the music sounds: bass boost, nightcore, 8D and more")
                        .addOptions(filterPreset()),
                Commands.slash("disconnect", "Leave the voice channel"),
                Commands.slash("lyrics", "Show the lyrics of the current song")
                        .addOptions(new OptionData(OptionType.INTEGER, "page", "Which page").setMinValue(1)),
                Commands.slash("history", "Recently played songs in this server")
                        .addOptions(new OptionData(OptionType.INTEGER, "page", "Which page").setMinValue(1)),
                Commands.slash("config", "View or change the bot's settings for this server")
                        .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER))
                        .addSubcommands(new SubcommandData("view", "Show the settings")
                                        .addOptions(new OptionData(OptionType.CHANNEL, "channel", "Show what applies in this channel")),
                                new SubcommandData("set", "Change a setting, for the server or one channel")
                                        .addOptions(configurableSetting(), new OptionData(OptionType.STRING, "value", "The new value", true).setMaxLength(100),
                                                new OptionData(OptionType.CHANNEL, "channel", "Only in this channel"))),
                Commands.slash("webhooks", "Send this server's music events to your own systems")
                        .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER))
                        .addSubcommands(new SubcommandData("list", "The endpoints and what they receive"),
                                new SubcommandData("add", "Add an endpoint; its signing secret is shown once")
                                        .addOptions(new OptionData(OptionType.STRING, "url", "An https URL", true).setMaxLength(2048),
                                                new OptionData(OptionType.STRING, "events", "Event types, comma-separated (default: all)").setMaxLength(300)),
                                new SubcommandData("remove", "Remove an endpoint").addOptions(endpointId()),
                                new SubcommandData("test", "Send a test message to an endpoint").addOptions(endpointId()),
                                new SubcommandData("rotate-secret", "A new signing secret; the old one signs too for a day").addOptions(endpointId())),
                Commands.slash("premium", "Premium: your plan, buying it, and the servers it covers")
                        .addSubcommands(new SubcommandData("status", "Your plan, your premium servers and this month's usage"),
                                new SubcommandData("buy", "Get a link to subscribe")
                                        .addOptions(new OptionData(OptionType.STRING, "plan", "Which plan", true)
                                                .addChoice("basic", "basic").addChoice("premium", "premium").addChoice("enterprise", "enterprise")),
                                new SubcommandData("manage", "Get a link to change or cancel your subscription"),
                                new SubcommandData("activate", "Put your premium on this server"),
                                new SubcommandData("deactivate", "Take your premium off this server")));
    }

    /** /premium's subcommands, and the plans /premium buy offers. */
    public static final Set<String> PREMIUM_SUBCOMMANDS = Set.of("status", "buy", "manage", "activate", "deactivate");
    public static final Set<String> PLANS = Set.of("basic", "premium", "enterprise");

    public static final Set<String> WEBHOOK_SUBCOMMANDS = Set.of("list", "add", "remove", "test", "rotate-secret");

    private static OptionData endpointId() {
        return new OptionData(OptionType.STRING, "id", "The endpoint's id (from /webhooks list)", true).setMaxLength(36);
    }

    private static OptionData filterPreset() {
        OptionData preset = new OptionData(OptionType.STRING, "preset", "Which sound; off plays the music as it is", true);
        CommandOptions.Filter.PRESETS.forEach(name -> preset.addChoice(name, name));
        return preset;
    }

    private static OptionData configurableSetting() {
        OptionData setting = new OptionData(OptionType.STRING, "setting", "Which setting", true);
        Setting.configurable().forEach(choice -> setting.addChoice(choice.key(), choice.key()));
        return setting;
    }
}
