package dev.riff.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Each playback command's options, one type per command. On the wire they are the slash
 * command's options by name, as Discord sends them; {@link PlaybackCommand#options(Class)} reads
 * them as the command's type.
 */
public sealed interface CommandOptions {

    /** Commands without options (pause, resume, skip, stop, ...). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record None() implements CommandOptions {
    }

    /** @param next play it before the rest of the queue */
    record Play(String query, boolean next) implements CommandOptions {
        public Play {
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException("query is required");
            }
        }
    }

    /** @param position like {@code 1:30}, {@code 1:02:03} or {@code 90} (seconds) */
    record Seek(String position) implements CommandOptions {
        public Seek {
            if (position == null || !position.matches("[0-9]{1,6}(:[0-9]{1,2}){0,2}")) {
                throw new IllegalArgumentException("position must look like 1:30 or 90");
            }
        }

        public long millis() {
            long seconds = 0;
            for (String part : position.split(":")) {
                seconds = seconds * 60 + Long.parseLong(part);
            }
            return seconds * 1000;
        }
    }

    record Volume(int percent) implements CommandOptions {
        public Volume {
            if (percent < 0 || percent > 1000) {
                throw new IllegalArgumentException("percent must be between 0 and 1000");
            }
        }
    }

    record Loop(String mode) implements CommandOptions {
        public Loop {
            if (!"off".equals(mode) && !"track".equals(mode) && !"queue".equals(mode)) {
                throw new IllegalArgumentException("mode must be off, track or queue");
            }
        }
    }

    /** @param preset one of {@link #PRESETS}; {@code off} takes every filter off */
    record Filter(String preset) implements CommandOptions {
        /** The presets /filter offers, in the order members see them. */
        public static final java.util.List<String> PRESETS = java.util.List.of("off", "bassboost", "nightcore", "vaporwave", "8d",
                "karaoke", "tremolo", "vibrato", "soft");

        public Filter {
            if (!PRESETS.contains(preset)) {
                throw new IllegalArgumentException("preset must be one of " + String.join(", ", PRESETS));
            }
        }
    }

    /** @param page from 1; absent means the first */
    record Page(Integer page) implements CommandOptions {
        public Page {
            page = page == null ? 1 : Math.max(1, page);
        }
    }

    /** @param position 1 is the next track */
    record Remove(int position) implements CommandOptions {
    }

    record Move(int from, int to) implements CommandOptions {
    }
}
