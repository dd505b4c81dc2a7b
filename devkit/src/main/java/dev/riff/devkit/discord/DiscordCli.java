package dev.riff.devkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.devkit.FleetException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./fleet discord <command> [option=value ...] [--as alice|bob]}: uses a slash command in the
 * simulator's demo guild as one of its members and prints the bot's reply, as that member sees it.
 */
public final class DiscordCli {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int LOADING = 1 << 7;

    private final String baseUrl;

    public DiscordCli(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public void run(List<String> args) {
        if (args.isEmpty()) {
            throw new FleetException("usage: fleet discord <command> [option=value ...] [--as alice|bob]  e.g. fleet discord play query=demo;  fleet discord voice");
        }
        if (args.getFirst().equals("voice")) {
            printVoice();
            return;
        }
        String as = "bob";
        String command = args.getFirst().replaceFirst("^/", "");
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        ArrayNode target = options;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--as") && i + 1 < args.size()) {
                as = args.get(++i);
            } else if (arg.contains("=")) {
                String name = arg.substring(0, arg.indexOf('='));
                String value = arg.substring(arg.indexOf('=') + 1);
                ObjectNode option = target.addObject().put("name", name);
                if (value.matches("-?[0-9]{1,15}")) {
                    option.put("type", 4).put("value", Long.parseLong(value));
                } else if (value.equals("true") || value.equals("false")) {
                    option.put("type", 5).put("value", Boolean.parseBoolean(value));
                } else {
                    option.put("type", 3).put("value", value);
                }
            } else {
                ObjectNode subcommand = options.addObject().put("name", arg).put("type", 1);
                target = subcommand.putArray("options");
            }
        }
        JsonNode guild = get("/control/state").path("guilds").path(0);
        String userId = null;
        for (JsonNode member : guild.path("members")) {
            if (member.path("username").asText().equals(as)) {
                userId = member.path("id").asText();
            }
        }
        if (userId == null) {
            throw new FleetException("no member '" + as + "' in the demo guild");
        }
        String channelId = null;
        for (JsonNode channel : guild.path("channels")) {
            if (channel.path("name").asText().equals("general")) {
                channelId = channel.path("id").asText();
            }
        }
        ObjectNode body = DiscordJson.MAPPER.createObjectNode().put("guildId", guild.path("id").asText())
                .put("channelId", channelId).put("userId", userId).put("name", command);
        body.set("options", options);
        String interactionId = post("/control/interactions/commands", body).path("interactionId").asText();
        String member = as;
        List<String> shownArgs = args.subList(1, args.size()).stream().filter(a -> !a.equals("--as") && !a.equals(member)).toList();
        System.out.printf("%s used /%s%s%n", as, command, shownArgs.isEmpty() ? "" : " " + String.join(" ", shownArgs));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String lastShown = null;
        while (System.nanoTime() < deadline) {
            JsonNode interaction = get("/control/interactions/" + interactionId);
            JsonNode callback = interaction.path("callback");
            String shown = null;
            if (callback.path("type").asInt() == 4) {
                shown = callback.path("data").path("content").asText() + ephemeral(callback.path("data").path("flags").asInt());
            } else if (interaction.has("original")) {
                JsonNode original = interaction.path("original");
                shown = (original.path("flags").asInt() & LOADING) != 0 ? "Riff is thinking…"
                        : original.path("content").asText() + embeds(original) + links(original) + ephemeral(original.path("flags").asInt());
            }
            for (JsonNode followup : interaction.path("followups")) {
                shown = followup.path("content").asText() + ephemeral(followup.path("flags").asInt());
            }
            if (shown != null && !shown.equals(lastShown)) {
                System.out.println("Riff: " + shown);
                lastShown = shown;
                if (!shown.equals("Riff is thinking…")) {
                    return;
                }
            }
            sleep();
        }
        System.out.println("(no final reply within 20 s)");
    }

    /** What the demo guild's voice call carries and what each simulated member hears (fleet discord voice). */
    private void printVoice() {
        JsonNode guild = get("/control/state").path("guilds").path(0);
        JsonNode voice = get("/control/guilds/" + guild.path("id").asText() + "/voice");
        if (!voice.has("protectedFrames")) {
            System.out.println("The bot is not in a voice call in " + guild.path("name").asText() + " yet (try: ./fleet discord play query=demo).");
        } else {
            System.out.printf("Voice call in %s: %d end-to-end encrypted frames forwarded, %d unencrypted%n",
                    guild.path("name").asText(), voice.path("protectedFrames").asLong(), voice.path("plainFrames").asLong());
        }
        for (JsonNode listener : voice.path("listeners")) {
            String name = listener.path("userId").asText();
            for (JsonNode member : guild.path("members")) {
                if (member.path("id").asText().equals(name)) {
                    name = member.path("username").asText();
                }
            }
            System.out.printf("  %s hears: %d frames, DAVE protocol %d at epoch %d, %d frames undecryptable, %d Hz loudest in the last second%n",
                    name, listener.path("framesHeard").asLong(), listener.path("protocolVersion").asInt(), listener.path("epoch").asLong(),
                    listener.path("decryptFailures").asLong(), listener.path("dominantHzLastSecond").asInt());
        }
    }

    /** Link buttons (checkout, the customer portal): their label and where they lead. */
    private static String links(JsonNode message) {
        StringBuilder text = new StringBuilder();
        for (JsonNode row : message.path("components")) {
            for (JsonNode component : row.path("components")) {
                if (component.has("url")) {
                    text.append("\n  [").append(component.path("label").asText("")).append("] ").append(component.path("url").asText());
                }
            }
        }
        return text.toString();
    }

    private static String embeds(JsonNode message) {
        StringBuilder text = new StringBuilder();
        for (JsonNode embed : message.path("embeds")) {
            text.append("\n  [").append(embed.path("title").asText("")).append("] ").append(embed.path("description").asText(""));
        }
        return text.toString();
    }

    private static String ephemeral(int flags) {
        return (flags & (1 << 6)) != 0 ? "   (only you can see this)" : "";
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new FleetException("the Discord simulator refused: " + response.body());
            }
            return DiscordJson.parse(response.body());
        } catch (java.io.IOException e) {
            throw new FleetException("the Discord simulator does not answer at " + baseUrl + " (is the fleet up?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
