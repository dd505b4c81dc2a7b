package dev.riff.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard read metrics the services publish: every riff_ metric an expression
 * names is one a service registers (a renamed metric would leave an alert silent forever), and the
 * dashboard is valid JSON in the ConfigMap Grafana's sidecar loads.
 */
class MonitoringTest {

    private static final Pattern RIFF_METRIC = Pattern.compile("\\briff_[a-z_]+\\b");
    private static final Pattern REGISTERED = Pattern.compile("\"(riff[._][a-z._]+)\"");
    private static final List<String> SUFFIXES = List.of("_seconds_bucket", "_seconds_count", "_seconds_sum", "_seconds_max", "_seconds",
            "_total", "_bucket", "_count", "_sum", "_max");

    @Test
    void everyMetricTheAlertsAndTheDashboardReadIsOneAServicePublishes() throws IOException {
        Set<String> registered = registeredMetrics();
        List<String> expressions = new ArrayList<>();
        for (JsonNode rule : Manifests.ofKind("deploy/base", "PrometheusRule")) {
            rule.path("spec").path("groups").forEach(group -> group.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
        }
        JsonNode dashboard = dashboard();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        assertTrue(expressions.size() >= 6, "alerts and panels: " + expressions);
        Set<String> unknown = new TreeSet<>();
        for (String expression : expressions) {
            Matcher metric = RIFF_METRIC.matcher(expression);
            while (metric.find()) {
                if (!registered.contains(base(metric.group()))) {
                    unknown.add(metric.group());
                }
            }
        }
        assertTrue(unknown.isEmpty(), "no service publishes " + unknown + " (published: " + registered + ")");
    }

    @Test
    void theDashboardIsInTheConfigMapGrafanaLoads() throws IOException {
        JsonNode map = Manifests.named("deploy/base", "ConfigMap", "riff-grafana-dashboard").orElseThrow();
        assertEquals("1", map.path("metadata").path("labels").path("grafana_dashboard").asText());
        JsonNode loaded = Manifests.YAML.readTree(map.path("data").path("riff.json").asText());
        assertEquals(dashboard(), loaded);
        assertFalse(loaded.path("panels").isEmpty());
    }

    @Test
    void aMetricNoServicePublishesIsFound() throws IOException {
        assertFalse(registeredMetrics().contains(base("riff_outbox_backlog_total")));
        assertTrue(registeredMetrics().contains(base("riff_outbox_dead_lettered_total")));
    }

    private static JsonNode dashboard() throws IOException {
        return Manifests.YAML.readTree(Files.readString(Manifests.ROOT.resolve("deploy/base/grafana/riff.json")));
    }

    /** A Prometheus series name without the suffixes Micrometer adds, in Micrometer's underscore form. */
    private static String base(String series) {
        for (String suffix : SUFFIXES) {
            if (series.endsWith(suffix)) {
                return series.substring(0, series.length() - suffix.length());
            }
        }
        return series;
    }

    /** Every riff metric name registered in the services' code, as Prometheus spells it (dots as underscores, without _total). */
    private static Set<String> registeredMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Manifests.ROOT)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java") && path.toString().contains("/src/main/java/")).toList()) {
                Matcher name = REGISTERED.matcher(Files.readString(file));
                while (name.find()) {
                    names.add(base(name.group(1).replace('.', '_')));
                }
            }
        }
        return names;
    }
}
