package dev.riff.devkit.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A PostgreSQL 15 image made offline, for Testcontainers where no registry is reachable: Debian 12
 * with Debian's postgresql-15 (debootstrap, from the mirror apt uses), run as the postgres user, with
 * an entrypoint that honours the stock image's POSTGRES_* variables ({@code images/riff-postgres.sh}).
 * Tests name it a compatible substitute for {@code postgres}. The root filesystem is cached under
 * ~/.cache/riff/images, keyed by the entrypoint, and imported into podman when it is missing there.
 */
public final class PostgresImage {

    private static final String ENTRYPOINT = "/usr/local/bin/riff-postgres";

    private PostgresImage() {
    }

    /** The image's name in podman's store, made and imported if needed. */
    public static String ensure(Podman podman) throws IOException, InterruptedException {
        byte[] entrypoint;
        try (InputStream in = PostgresImage.class.getResourceAsStream("/images/riff-postgres.sh")) {
            entrypoint = in.readAllBytes();
        }
        String key = Integer.toHexString(java.util.Arrays.hashCode(entrypoint));
        String name = "riff/postgres:15-" + key;
        if (podman.imageExists(name)) {
            return name;
        }
        podman.importRootfs(rootfs(entrypoint, key), name, List.of(
                "USER postgres",
                "ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "ENV LANG=C.UTF-8",
                "EXPOSE 5432",
                "ENTRYPOINT [\"" + ENTRYPOINT + "\"]",
                "CMD [\"postgres\"]"));
        return name;
    }

    private static Path rootfs(byte[] entrypoint, String key) throws IOException, InterruptedException {
        Path cache = BaseImage.cacheDirectory();
        Path tarball = cache.resolve("postgres-15-" + key + ".tar");
        if (Files.exists(tarball)) {
            return tarball;
        }
        Files.createDirectories(cache);
        Path work = Files.createTempDirectory(cache, "postgres-");
        try {
            Path root = work.resolve("rootfs");
            BaseImage.debootstrap(root, "postgresql-15");
            Path script = root.resolve(ENTRYPOINT.substring(1));
            Files.write(script, entrypoint);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            // The package's own cluster, apt's lists and the documentation are not needed in a test database.
            BaseImage.run(List.of("rm", "-rf", root.resolve("var/lib/postgresql/15").toString(), root.resolve("var/lib/apt/lists").toString(),
                    root.resolve("var/cache/apt").toString(), root.resolve("usr/share/doc").toString(), root.resolve("usr/share/man").toString()), 120);
            Path layer = work.resolve("rootfs.tar");
            BaseImage.run(List.of("tar", "--sort=name", "--mtime=@1", "--numeric-owner", "-C", root.toString(), "-cf", layer.toString(), "."), 300);
            Files.move(layer, tarball);
            return tarball;
        } finally {
            BaseImage.run(List.of("rm", "-rf", work.toString()), 120);
        }
    }
}
