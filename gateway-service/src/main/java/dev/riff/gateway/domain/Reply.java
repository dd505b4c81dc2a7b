package dev.riff.gateway.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to tell a member, before it is worded: a code (a key of the replies bundle) and the values
 * its wording uses.
 */
public record Reply(String code, Map<String, Object> args) {

    public Reply {
        args = args == null ? Map.of() : args;
    }

    /** @param namesAndValues name, value, name, value, ... */
    public static Reply of(String code, Object... namesAndValues) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            args.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
        }
        return new Reply(code, args);
    }
}
