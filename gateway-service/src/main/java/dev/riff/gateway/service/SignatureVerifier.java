package dev.riff.gateway.service;

import dev.riff.gateway.config.DiscordConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Verifies Discord's Ed25519 signature of an HTTP interaction (over timestamp + body) with the
 * application's public key, and refuses stale timestamps so a captured request cannot be replayed.
 */
@ApplicationScoped
public class SignatureVerifier {

    /** DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key. */
    private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final Duration maxAge;
    private volatile PublicKey publicKey;

    SignatureVerifier(DiscordConfig config) {
        this.maxAge = Duration.ofSeconds(config.interactionMaxAgeSeconds());
        config.publicKey().filter(key -> !key.isBlank()).ifPresent(this::usePublicKey);
    }

    /** Sets the application's public key (hex, as the developer portal shows it). */
    public void usePublicKey(String hex) {
        try {
            byte[] raw = HexFormat.of().parseHex(hex.trim());
            if (raw.length != 32) {
                throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, this one " + raw.length);
            }
            byte[] encoded = new byte[ED25519_PREFIX.length + raw.length];
            System.arraycopy(ED25519_PREFIX, 0, encoded, 0, ED25519_PREFIX.length);
            System.arraycopy(raw, 0, encoded, ED25519_PREFIX.length, raw.length);
            publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public boolean hasPublicKey() {
        return publicKey != null;
    }

    /** True when the signature is Discord's and the timestamp is recent. */
    public boolean verify(String signatureHex, String timestamp, String body) {
        PublicKey key = publicKey;
        if (key == null || signatureHex == null || timestamp == null || body == null) {
            return false;
        }
        try {
            // Compared as numbers: a timestamp far outside Instant's range is simply not recent.
            long seconds = Long.parseLong(timestamp);
            long now = Instant.now().getEpochSecond();
            if (seconds < now - maxAge.toSeconds() || seconds > now + maxAge.toSeconds()) {
                return false;
            }
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
            return verifier.verify(HexFormat.of().parseHex(signatureHex));
        } catch (NumberFormatException | GeneralSecurityException e) {
            return false;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
