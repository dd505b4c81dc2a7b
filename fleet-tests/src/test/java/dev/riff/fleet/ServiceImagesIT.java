package dev.riff.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riff.devkit.FleetService;
import dev.riff.devkit.images.BaseImage;
import dev.riff.devkit.images.Images;
import dev.riff.devkit.images.ServiceImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every service's image, as `./fleet images` builds it with Jib, read back from its OCI tarball as a
 * runtime would: the entrypoint and the JVM's container options, the non-root user, the exposed ports
 * (the service's own), the labels, the layers (the application, holding quarkus-run.jar, then the
 * AOT cache of a training run) and the base's Java runtime. Built twice, an image has the same digest: the build is reproducible.
 */
class ServiceImagesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static List<Path> tarballs;

    @BeforeAll
    static void build() throws Exception {
        tarballs = BuiltImages.ensure(ROOT);
    }

    @Test
    void eachImageRunsItsServiceAsNonRootOnItsPortsWithContainerAwareMemory() throws IOException {
        assertEquals(FleetService.values().length, tarballs.size());
        for (FleetService service : FleetService.values()) {
            Path tarball = ServiceImage.tarball(ROOT.resolve(service.module()), service.module());
            Map<String, byte[]> entries = read(tarball);
            assertTrue(entries.containsKey("oci-layout"), "an OCI image layout");
            JsonNode index = JSON.readTree(entries.get("index.json"));
            JsonNode manifest = JSON.readTree(blob(entries, index.path("manifests").get(0).path("digest").asText()));
            assertEquals(ServiceImage.name(service.module(), Images.VERSION),
                    index.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name").asText());
            JsonNode config = JSON.readTree(blob(entries, manifest.path("config").path("digest").asText())).path("config");

            assertEquals("185:185", config.path("User").asText(), service + " runs as the service user");
            List<String> entrypoint = new ArrayList<>();
            config.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
            assertEquals("/opt/java/bin/java", entrypoint.getFirst());
            assertTrue(entrypoint.contains("-XX:MaxRAMPercentage=75"), "heap from the container's limit: " + entrypoint);
            assertEquals(List.of("-jar", "/deployments/quarkus-run.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
            assertTrue(entrypoint.contains("-XX:AOTCache=/deployments/app.aot"), "started with its AOT cache: " + entrypoint);
            assertEquals("/deployments", config.path("WorkingDir").asText());

            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(ROOT.resolve(service.module()).resolve("src/main/resources/application.properties"))));
            List<String> ports = new ArrayList<>();
            config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
            assertEquals(List.of(properties.getProperty("quarkus.http.port") + "/tcp", properties.getProperty("quarkus.management.port") + "/tcp"),
                    ports.stream().sorted().toList());

            assertEquals(service.module(), config.path("Labels").path("org.opencontainers.image.title").asText());
            assertEquals(Images.VERSION, config.path("Labels").path("org.opencontainers.image.version").asText());
            assertEquals(BaseImage.NAME, config.path("Labels").path("org.opencontainers.image.base.name").asText());
            assertTrue(config.path("Labels").path("org.opencontainers.image.revision").asText().matches("[0-9a-f]{40}|unknown"));

            JsonNode layers = manifest.path("layers");
            assertEquals(6, layers.size(), "the base, then boot libraries, libraries, Quarkus' code, the application, the AOT cache");
            List<String> base = files(blob(entries, layers.get(0).path("digest").asText()));
            assertTrue(base.contains("opt/java/bin/java") || base.contains("./opt/java/bin/java"), "the base carries the Java runtime");
            List<String> application = files(blob(entries, layers.get(4).path("digest").asText()));
            assertTrue(application.contains("deployments/quarkus-run.jar"), "the application layer: " + application);
            assertEquals(List.of("deployments/app.aot"), files(blob(entries, layers.get(5).path("digest").asText())).stream()
                    .filter(file -> !file.endsWith("/")).toList(), "the AOT cache layer");
        }
    }

    @Test
    void buildingAgainGivesTheSameImage() throws Exception {
        Path module = ROOT.resolve(FleetService.CONFIG.module());
        Path tarball = ServiceImage.tarball(module, FleetService.CONFIG.module());
        String first = JSON.readTree(read(tarball).get("index.json")).path("manifests").get(0).path("digest").asText();
        String revision = config(read(tarball)).path("Labels").path("org.opencontainers.image.revision").asText();
        ServiceImage.build(module, FleetService.CONFIG.module(), Images.VERSION, revision, BaseImage.ensure(Path.of(System.getProperty("java.home"))),
                ServiceImage.aotCache(module));
        String second = JSON.readTree(read(tarball).get("index.json")).path("manifests").get(0).path("digest").asText();
        assertEquals(first, second);
    }

    private static JsonNode config(Map<String, byte[]> entries) throws IOException {
        JsonNode index = JSON.readTree(entries.get("index.json"));
        JsonNode manifest = JSON.readTree(blob(entries, index.path("manifests").get(0).path("digest").asText()));
        return JSON.readTree(blob(entries, manifest.path("config").path("digest").asText())).path("config");
    }

    private static byte[] blob(Map<String, byte[]> entries, String digest) {
        byte[] blob = entries.get("blobs/sha256/" + digest.substring("sha256:".length()));
        if (blob == null) {
            throw new AssertionError("no blob " + digest);
        }
        return blob;
    }

    private static Map<String, byte[]> read(Path tarball) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    entries.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        return entries;
    }

    /** The file names in a layer (gzipped or plain tar). */
    private static List<String> files(byte[] layer) throws IOException {
        List<String> names = new ArrayList<>();
        InputStream in = new java.io.ByteArrayInputStream(layer);
        if (layer.length > 2 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b) {
            in = new GZIPInputStream(in);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName().startsWith("/") ? entry.getName().substring(1) : entry.getName());
            }
        }
        return names;
    }
}
