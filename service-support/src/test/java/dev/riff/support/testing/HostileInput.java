package dev.riff.support.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;

/**
 * What an attacker puts where a service expects a value: fixed cases that broke services before
 * (NUL, half surrogates, overlong UTF-8, times beyond any year, numbers beyond a long, oversized text
 * and lists, deep nesting) and random ones drawn by jqwik (any Unicode text, any number, nested JSON).
 */
public final class HostileInput {

    private HostileInput() {
    }

    /** A parameter value: text to percent-encode, or bytes already encoded (to send what no encoder would). */
    public record Parameter(String text, boolean encoded) {
        public String inUri() {
            return encoded ? text : percentEncode(text);
        }

        @Override
        public String toString() {
            return encoded ? text : "\"" + text.replace("\0", "\\0") + "\"";
        }
    }

    /** Values for path and query parameters. */
    public static List<Parameter> parameters(int randomCount) {
        List<Parameter> values = new ArrayList<>();
        for (String text : List.of("", " ", "0", "-1", "1.5", "1e309", "NaN", "true", "null", "9223372036854775808",
                "-9223372036854775809", "123456789012345678901234567890", "00000000000000000", "１２３４５６７８９０１２３４５６７８",
                "../../etc/passwd", "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "a\u0000b",
                "+100000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "2026-13-45T25:61:61Z",
                "\u202e\u200b", "😀", "a".repeat(6000))) {
            values.add(new Parameter(text, false));
        }
        for (String encoded : List.of("%00", "%C0%AF", "%ED%A0%80", "%FF%FE", "%E2%82", "a%2Fb", "%2e%2e%2f%2e%2e%2f", "%25", "%")) {
            values.add(new Parameter(encoded, true));
        }
        sample(Arbitraries.strings().all().ofMaxLength(40), randomCount).forEach(text -> values.add(new Parameter(text, false)));
        return values;
    }

    /** JSON texts to put where a body's field goes: wrong types, edge numbers, unclean and oversized text. */
    public static List<String> jsonValues(int randomCount) {
        List<String> values = new ArrayList<>(List.of("null", "true", "false", "0", "-1", "1.5", "-0.0", "1e400", "-1e400",
                "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "\"\"", "\" \"",
                "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"NaN\"", "\"true\"", "\"1\"",
                "\"+100000-01-01T00:00:00Z\"", "\"0000-01-01T00:00:00Z\"", "\"../../etc\"", "\"<script>\"",
                "\"" + "a".repeat(10_000) + "\"", "[]", "[null]", "{}", "{\"a\":1}", "[" + "[".repeat(3000) + "]".repeat(3000) + "]",
                "[" + "1,".repeat(20_000) + "1]", "[" + "\"123456789012345678\",".repeat(12_000) + "\"1\"]"));
        sample(randomJson(), randomCount).forEach(values::add);
        return values;
    }

    /** Whole bodies no JSON API should accept, or should accept only as what they are. */
    public static List<byte[]> rawBodies() {
        List<byte[]> bodies = new ArrayList<>();
        for (String text : List.of("", " ", "null", "[]", "1", "\"text\"", "{", "}", "{}}", "{} {}", "{}x", "{\"a\":1,\"a\":2}",
                "{'a': 1}", "{a: 1}", "{\"a\":1,}", "[1,]", "\uFEFF{}", "NaN", "not json at all", "{\"a\":\"\\x\"}",
                "{" + "\"k\":{".repeat(2000) + "}".repeat(2001))) {
            bodies.add(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'});
        bodies.add(new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'});
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
        bodies.add(new byte[] {0, 0, 0, '{'});
        return bodies;
    }

    /** Any JSON value, nested a few levels: text from all of Unicode (escaped, so half surrogates arrive as such), any number. */
    static Arbitrary<String> randomJson() {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.just("null"),
                Arbitraries.of("true", "false"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(30)), new java.math.BigInteger("1" + "0".repeat(30))).map(String::valueOf),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "1e999"),
                Arbitraries.strings().all().ofMaxLength(60).map(HostileInput::jsonString));
        return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(items -> items.stream().collect(Collectors.joining(",", "[", "]"))),
                Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(8), inner).ofMaxSize(3)
                        .map(map -> map.entrySet().stream().map(e -> jsonString(e.getKey()) + ":" + e.getValue())
                                .collect(Collectors.joining(",", "{", "}")))), 0, 3);
    }

    /** A JSON string literal with everything outside printable ASCII escaped, lone surrogates included. */
    public static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** UTF-8 percent-encoding of everything but unreserved characters (a lone surrogate becomes '?', as any encoder makes it). */
    public static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static <T> List<T> sample(Arbitrary<T> arbitrary, int count) {
        if (count <= 0) {
            return List.of();
        }
        JqwikSession.start();
        try {
            return arbitrary.sampleStream().limit(count).toList();
        } finally {
            JqwikSession.finish();
        }
    }
}
