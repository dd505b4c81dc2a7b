package dev.riff.devkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux and the JDK's jcmd say about a running process: its memory, threads and CPU time. */
public final class ProcessStats {

    private ProcessStats() {
    }

    public static long residentBytes(long pid) throws IOException {
        return statusField(pid, "VmRSS:") * 1024;
    }

    public static int threads(long pid) throws IOException {
        return (int) statusField(pid, "Threads:");
    }

    /** User and system CPU of the process so far (clock ticks of 1/100 s, fields 14 and 15 of /proc/pid/stat). */
    public static double cpuSeconds(long pid) throws IOException {
        // As lines, as every /proc read here: Files.readString trusts the size /proc reports.
        String stat = Files.readAllLines(Path.of("/proc", Long.toString(pid), "stat")).getFirst();
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** Runs a jcmd command (GC.run, GC.class_histogram, …) against the process and returns what it printed. */
    public static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(LocalProcess.javaExecutable()).resolveSibling("jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static long statusField(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(line -> line.startsWith(field))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}
