package dev.riff.devkit.streaming;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Apple Music developer tokens as Apple documents them (ES256 JWTs), for the tests' own clients. */
final class DeveloperTokens {

    private DeveloperTokens() {
    }

    static PrivateKey musicKitKey(AppleMusicSimulator apple) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                .decode(apple.privateKeyPem().replaceAll("-----(BEGIN|END) PRIVATE KEY-----", ""))));
    }

    static String sign(PrivateKey key, String keyId, String team, long issued, long expires) throws GeneralSecurityException {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String input = url.encodeToString(("{\"alg\":\"ES256\",\"kid\":\"" + keyId + "\"}").getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(("{\"iss\":\"" + team + "\",\"iat\":" + issued + ",\"exp\":" + expires + "}").getBytes(StandardCharsets.UTF_8));
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initSign(key);
        es256.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + url.encodeToString(es256.sign());
    }
}
