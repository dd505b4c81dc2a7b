package dev.riff.devkit.discord;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for this machine only, so the simulator's voice gateways speak TLS
 * ({@code wss://}) as Discord's do. Its certificate ({@link #caPem()}) is what the fleet's voice
 * clients are told to trust, beside the JDK's own authorities (riff.playback.voice-trusted-ca); no
 * trust store is changed. Kept in a directory so the fleet's processes keep trusting it across
 * simulator restarts; each start issues a fresh server certificate for 127.0.0.1 and localhost.
 */
public final class DevCertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path caPem;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    private final String serverCertificatePem;
    private final String serverKeyPem;

    private DevCertificateAuthority(Path directory) throws GeneralSecurityException, IOException {
        Files.createDirectories(directory);
        this.caPem = directory.resolve("dev-ca.pem");
        Path caKeyFile = directory.resolve("dev-ca.key");
        if (Files.exists(caPem) && Files.exists(caKeyFile)) {
            caCertificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(Files.readAllBytes(caPem)));
            caKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(fromPem(Files.readString(caKeyFile))));
        } else {
            KeyPair keys = ecKeys();
            X500Name name = new X500Name("CN=Riff local development CA");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(Instant.now().minus(Duration.ofDays(1))),
                    Date.from(Instant.now().plus(Duration.ofDays(3650))), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            caCertificate = sign(builder, keys.getPrivate());
            caKey = keys.getPrivate();
            Files.writeString(caKeyFile, pem("PRIVATE KEY", caKey.getEncoded()));
            try {
                Files.setPosixFilePermissions(caKeyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort outside POSIX file systems
            }
            Files.writeString(caPem, pem("CERTIFICATE", caCertificate.getEncoded()));
        }
        KeyPair serverKeys = ecKeys();
        JcaX509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(30))),
                new X500Name("CN=127.0.0.1"), serverKeys.getPublic());
        server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        server.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
        serverCertificatePem = pem("CERTIFICATE", sign(server, caKey).getEncoded());
        serverKeyPem = pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded());
    }

    /** The authority kept in {@code directory} (made there on first use). */
    public static DevCertificateAuthority in(Path directory) {
        try {
            return new DevCertificateAuthority(directory);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the development certificate authority", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A throwaway authority for one test run. */
    public static DevCertificateAuthority ephemeral() {
        try {
            return in(Files.createTempDirectory("riff-dev-ca"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The authority's certificate (PEM): what clients of the simulator's voice gateways trust. */
    public Path caPem() {
        return caPem;
    }

    /** The voice gateways' key and certificate chain, for Vert.x. */
    public PemKeyCertOptions serverKeyCert() {
        return new PemKeyCertOptions().addKeyValue(Buffer.buffer(serverKeyPem))
                .addCertValue(Buffer.buffer(serverCertificatePem + pem("CERTIFICATE", encoded(caCertificate))));
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] fromPem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
