package dev.riff.devkit.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One service's image, built by Jib (jib-core) from its Quarkus fast-jar on {@link BaseImage}, into an
 * OCI image tarball at {@code <module>/target/images/<service>.tar}; no daemon, no registry.
 *
 * <p>Quarkus' own Jib extension can only hand the image to a daemon or a registry, and the Jib Maven
 * plugin's Quarkus extension is not in the registry, so the layers are laid out here, slowest-changing
 * first, as those extensions do: the boot libraries, the other libraries, Quarkus' generated code,
 * and the application. A rebuilt service changes only the last layers.
 */
public final class ServiceImage {

    /**
     * The JVM in a container: heap up to 75 % of the container's memory limit, and out on an
     * OutOfMemoryError. The heap starts at 2 % and grows as needed: starting at 25 % left about 45 MB
     * a service touched at idle for nothing (docs/benchmarks.md, "Idle memory: where it goes").
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:MaxRAMPercentage=75", "-XX:InitialRAMPercentage=2", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.io.tmpdir=/tmp");
    static final AbsoluteUnixPath DEPLOYMENTS = AbsoluteUnixPath.get("/deployments");

    private ServiceImage() {
    }

    /** The image's name: riff/&lt;service&gt;:&lt;version&gt;. */
    public static String name(String service, String version) {
        return "riff/" + service + ":" + version;
    }

    public static Path tarball(Path module, String service) {
        return module.resolve("target/images/" + service + ".tar");
    }

    /** Where a training run's AOT cache for the module's image is kept. */
    public static Path aotCache(Path module) {
        return module.resolve("target/images/app.aot");
    }

    /** Builds the image of the service in {@code module} (packaged: target/quarkus-app) on the base tarball, without an AOT cache. */
    public static JibContainer build(Path module, String service, String version, String revision, Path base) throws Exception {
        return build(module, service, version, revision, base, null);
    }

    /**
     * Builds the image; with {@code aotCache} (a training run's, see {@link AotTraining}) it is the last
     * layer and the JVM starts with it. A cache the JVM finds stale is ignored with a warning.
     */
    public static JibContainer build(Path module, String service, String version, String revision, Path base, Path aotCache)
            throws Exception {
        Path app = module.resolve("target/quarkus-app");
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(module + " is not packaged: run ./mvnw package first");
        }
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(module.resolve("src/main/resources/application.properties"))));
        int http = Integer.parseInt(properties.getProperty("quarkus.http.port"));
        int management = Integer.parseInt(properties.getProperty("quarkus.management.port"));

        List<String> entrypoint = new ArrayList<>(List.of("/opt/java/bin/java"));
        entrypoint.addAll(JVM_OPTIONS);
        if (aotCache != null) {
            entrypoint.add("-XX:AOTCache=/deployments/app.aot");
        }
        entrypoint.addAll(List.of("-jar", "/deployments/quarkus-run.jar"));
        Map<String, String> labels = new TreeMap<>(Map.of(
                "org.opencontainers.image.title", service,
                "org.opencontainers.image.version", version,
                "org.opencontainers.image.revision", revision,
                "org.opencontainers.image.base.name", BaseImage.NAME,
                "org.opencontainers.image.description", "Riff " + service + " (Quarkus, Java 25)"));

        JibContainerBuilder image = Jib.from(TarImage.at(base))
                .setFormat(ImageFormat.OCI)
                .addFileEntriesLayer(layer("boot-libraries", app, "lib/boot"))
                .addFileEntriesLayer(layer("libraries", app, "lib/main"))
                .addFileEntriesLayer(layer("quarkus", app, "quarkus"))
                .addFileEntriesLayer(application(app))
                .setEntrypoint(entrypoint)
                .setWorkingDirectory(DEPLOYMENTS)
                .setUser(BaseImage.USER + ":" + BaseImage.USER)
                .setExposedPorts(Set.of(Port.tcp(http), Port.tcp(management)))
                .setLabels(labels)
                // Listen on every interface in a container; the service still refuses its built-in local tokens there.
                .setEnvironment(Map.of("RIFF_HTTP_HOST", "0.0.0.0", "JAVA_HOME", "/opt/java"));
        if (aotCache != null) {
            image.addFileEntriesLayer(FileEntriesLayer.builder().setName("aot-cache").addEntry(aotCache, DEPLOYMENTS.resolve("app.aot")).build());
        }
        Path out = tarball(module, service);
        Files.createDirectories(out.getParent());
        return image.containerize(Containerizer.to(TarImage.at(out).named(ImageReference.parse(name(service, version))))
                .setBaseImageLayersCache(base.resolveSibling("layers"))
                .setApplicationLayersCache(module.resolve("target/images/cache")));
    }

    private static FileEntriesLayer layer(String name, Path app, String dir) throws IOException {
        return folder(FileEntriesLayer.builder().setName(name), app, dir).build();
    }

    /** The application's own classes, then the jar that starts it. */
    private static FileEntriesLayer application(Path app) throws IOException {
        return folder(FileEntriesLayer.builder().setName("application"), app, "app")
                .addEntry(app.resolve("quarkus-run.jar"), DEPLOYMENTS.resolve("quarkus-run.jar")).build();
    }

    /** Every file under quarkus-app/{@code dir}, in name order, at the same place under /deployments. */
    private static FileEntriesLayer.Builder folder(FileEntriesLayer.Builder layer, Path app, String dir) throws IOException {
        try (Stream<Path> files = Files.walk(app.resolve(dir))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                layer.addEntry(file, DEPLOYMENTS.resolve(app.relativize(file).toString()));
            }
        }
        return layer;
    }
}
