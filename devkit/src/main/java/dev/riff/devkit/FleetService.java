package dev.riff.devkit;

import java.util.List;

/**
 * The six services of the fleet with their fixed local ports and databases. The order is the
 * start order: event consumers first, so nothing published at boot waits for a reader.
 */
public enum FleetService {
    EVENTSTORE("eventstore-service", 8086, "riff_eventstore"),
    CONFIG("config-service", 8083, "riff_config"),
    BILLING("billing-service", 8084, "riff_billing"),
    WEBHOOK("webhook-service", 8085, "riff_webhook"),
    PLAYBACK("playback-service", 8082, "riff_playback"),
    GATEWAY("gateway-service", 8081, "riff_gateway");

    private final String module;
    private final int port;
    private final String database;

    FleetService(String module, int port, String database) {
        this.module = module;
        this.port = port;
        this.database = database;
    }

    public String module() {
        return module;
    }

    public int port() {
        return port;
    }

    /** Health, metrics and OpenAPI: the management interface, its HTTP port plus 1000. */
    public int managementPort() {
        return port + 1000;
    }

    /** The service's own database; its role has the same name. Tests use {@code <database>_test}. */
    public String database() {
        return database;
    }

    public static List<FleetService> startOrder() {
        return List.of(values());
    }
}
