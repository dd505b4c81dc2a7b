package dev.riff.devkit.streaming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The simulators' ids for the catalogue's songs, albums, artists and playlists, in each service's
 * form, made from the kind and key so links stay the same between runs.
 */
final class CatalogueIds {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private CatalogueIds() {
    }

    /** Ten digits, as Deezer's and Apple Music's numeric ids. */
    static String numeric(String kind, String key) {
        byte[] digest = digest(kind, key);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (digest[i] & 0xff);
        }
        return Long.toString(1_000_000_000L + Math.floorMod(value, 8_000_000_000L));
    }

    /** Twenty-two base-62 characters, as Spotify's. */
    static String base62(String kind, String key) {
        byte[] digest = digest(kind, key);
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            id.append(BASE62.charAt((digest[i] & 0xff) % 62));
        }
        return id.toString();
    }

    /** Thirty-two hex digits, as Apple Music's playlist ids after their {@code pl.}. */
    static String hex(String kind, String key) {
        return HexFormat.of().formatHex(digest(kind, key), 0, 16);
    }

    private static byte[] digest(String kind, String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((kind + ":" + key).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
