package dev.riff.config.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The API document: every operation needs the service credential that {@link ServiceTokenFilter} checks. */
@OpenAPIDefinition(info = @Info(title = "config-service", version = "0.1.0"),
        security = @SecurityRequirement(name = ServiceTokenFilter.SCHEME),
        components = @Components(securitySchemes = @SecurityScheme(securitySchemeName = ServiceTokenFilter.SCHEME,
                type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "The fleet's shared service token (riff.service-token, env RIFF_SERVICE_TOKEN)")))
public class ConfigApi extends Application {
}
