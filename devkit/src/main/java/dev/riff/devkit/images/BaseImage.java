package dev.riff.devkit.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The services' base image, made offline: Debian 12 (debootstrap's minbase, from the Debian mirror
 * apt is configured with), a Java 25 runtime linked by jlink from the build's JDK into /opt/java, and
 * the user 185 the services run as. Written as a Docker-format image tarball, which Jib takes as a
 * base ({@code tar://}). Made once per machine: cached under ~/.cache/riff/images, keyed by what
 * goes in, since debootstrap takes about two minutes.
 */
public final class BaseImage {

    public static final String NAME = "riff/base:bookworm-java25";
    /** The service user (the uid Red Hat's and Quarkus' images use). */
    static final int USER = 185;
    /** The Java modules the services use (java.se and the JDK modules Quarkus, Netty, Kafka and JDA reach for). */
    static final List<String> MODULES = List.of("java.se", "jdk.unsupported", "jdk.management", "jdk.naming.dns", "jdk.zipfs", "jdk.jfr",
            "jdk.net", "jdk.crypto.cryptoki", "jdk.localedata", "jdk.charsets");

    private BaseImage() {
    }

    /** The base image tarball, made if this machine has none for this JDK and module list. */
    public static Path ensure(Path javaHome) throws IOException, InterruptedException {
        String key = Integer.toHexString((javaHome.toRealPath() + "|" + Files.readString(javaHome.resolve("release")) + "|" + MODULES).hashCode());
        Path cache = cacheDirectory();
        Path image = cache.resolve("base-bookworm-java25-" + key + ".tar");
        if (Files.exists(image)) {
            return image;
        }
        Files.createDirectories(cache);
        Path work = Files.createTempDirectory(cache, "base-");
        try {
            Path root = work.resolve("rootfs");
            debootstrap(root);
            run(List.of(javaHome.resolve("bin/jlink").toString(), "--add-modules", String.join(",", MODULES), "--strip-debug",
                    "--no-header-files", "--no-man-pages", "--output", root.resolve("opt/java").toString()), 300);
            Files.writeString(root.resolve("etc/passwd"), "riff:x:" + USER + ":" + USER + "::/deployments:/usr/sbin/nologin\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(root.resolve("etc/group"), "riff:x:" + USER + ":\n", java.nio.file.StandardOpenOption.APPEND);
            Path deployments = Files.createDirectories(root.resolve("deployments"));
            run(List.of("chown", USER + ":" + USER, deployments.toString()), 30);
            // apt's lists and caches are not needed at run time.
            run(List.of("rm", "-rf", root.resolve("var/lib/apt/lists").toString(), root.resolve("var/cache/apt").toString()), 60);
            Path layer = work.resolve("layer.tar");
            // Sorted names, fixed owner-preserving times: the same inputs give the same layer.
            run(List.of("tar", "--sort=name", "--mtime=@1", "--numeric-owner", "-C", root.toString(), "-cf", layer.toString(), "."), 300);
            writeDockerArchive(layer, work.resolve("image.tar"));
            Files.move(work.resolve("image.tar"), image);
            return image;
        } finally {
            run(List.of("rm", "-rf", work.toString()), 120);
        }
    }

    /** Where the made images and root filesystems are kept between runs. */
    static Path cacheDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "riff", "images");
    }

    /** A Debian 12 minbase root filesystem in {@code root}, with {@code packages} added, from the mirror apt uses. */
    static void debootstrap(Path root, String... packages) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("debootstrap", "--variant=minbase"));
        if (packages.length > 0) {
            command.add("--include=" + String.join(",", packages));
        }
        command.add("bookworm");
        command.add(root.toString());
        debianMirror().ifPresent(command::add);
        run(command, 900);
    }

    /** The Debian mirror apt uses here (its deb822 sources), so debootstrap fetches where apt does. */
    static Optional<String> debianMirror() throws IOException {
        Path sources = Path.of("/etc/apt/sources.list.d/debian.sources");
        if (!Files.exists(sources)) {
            return Optional.empty();
        }
        return Files.readAllLines(sources).stream().filter(line -> line.startsWith("URIs:"))
                .map(line -> line.substring("URIs:".length()).trim().split("\\s+")[0])
                .filter(uri -> uri.endsWith("/debian") || uri.endsWith("/debian/")).findFirst();
    }

    /** A one-layer image in `docker save`'s format: manifest.json, the config, the layer. */
    private static void writeDockerArchive(Path layer, Path archive) throws IOException, InterruptedException {
        String diffId = "sha256:" + sha256(layer);
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode().put("architecture", "amd64").put("os", "linux").put("created", "1970-01-01T00:00:01Z");
        config.putObject("config").putArray("Env").add("PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .add("JAVA_HOME=/opt/java").add("LANG=C.UTF-8");
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(diffId);
        Path dir = archive.resolveSibling("archive");
        Files.createDirectories(dir);
        byte[] configBytes = json.writeValueAsBytes(config);
        String configName = sha256(configBytes) + ".json";
        Files.write(dir.resolve(configName), configBytes);
        Files.move(layer, dir.resolve("layer.tar"));
        var manifest = json.createArrayNode().addObject().put("Config", configName);
        manifest.putArray("RepoTags").add(NAME);
        manifest.putArray("Layers").add("layer.tar");
        Files.write(dir.resolve("manifest.json"), json.writeValueAsBytes(json.createArrayNode().add(manifest)));
        // Entries named plainly (no "./"): Jib refuses archive entries that point outside a folder.
        run(List.of("tar", "--mtime=@1", "-C", dir.toString(), "-cf", archive.toString(), "manifest.json", configName, "layer.tar"), 300);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest()); OutputStream sink = OutputStream.nullOutputStream()) {
            in.transferTo(sink);
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
            String text = new String(output, StandardCharsets.UTF_8);
            throw new IOException(String.join(" ", command) + " failed: " + text.substring(Math.max(0, text.length() - 2000)));
        }
    }
}
