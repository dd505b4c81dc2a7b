package dev.riff.voice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for the voice gateway (always {@code wss://}, as Discord's). Trusts the JDK's authorities and,
 * when configured, the certificates of one more PEM file: a local development CA such as the Discord
 * simulator's. The JDK's trust store itself is never changed.
 */
public final class VoiceTls {

    private VoiceTls() {
    }

    /** An HTTP client (for the voice WebSocket) trusting the JDK's authorities plus those in {@code extraCaPem}. */
    public static HttpClient client(Optional<Path> extraCaPem) {
        return HttpClient.newBuilder().sslContext(context(extraCaPem)).build();
    }

    static SSLContext context(Optional<Path> extraCaPem) {
        try {
            X509TrustManager jdk = trustManager(null);
            X509TrustManager trusted = extraCaPem.isEmpty() ? jdk : either(jdk, trustManager(keyStoreOf(extraCaPem.get())));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trusted}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the voice gateway", e);
        }
    }

    private static KeyStore keyStoreOf(Path pem) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("extra-ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new CertificateException("no certificate in " + pem);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the voice gateway's CA file " + pem, e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast)
                .findFirst().orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
    }

    /** Trusts a server chain that either manager trusts. */
    private static X509TrustManager either(X509TrustManager first, X509TrustManager second) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the voice client authenticates no clients");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    first.checkServerTrusted(chain, authType);
                } catch (CertificateException notByTheFirst) {
                    second.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return Stream.concat(Arrays.stream(first.getAcceptedIssuers()), Arrays.stream(second.getAcceptedIssuers()))
                        .toArray(X509Certificate[]::new);
            }
        };
    }
}
