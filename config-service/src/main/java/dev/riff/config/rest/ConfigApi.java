package dev.riff.config.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The API document: every operation needs a caller's credential, which service-support's CallerAuthorization checks. */
@OpenAPIDefinition(info = @Info(title = "config-service", version = "0.1.0"),
        security = @SecurityRequirement(name = ConfigApi.SCHEME),
        components = @Components(securitySchemes = @SecurityScheme(securitySchemeName = ConfigApi.SCHEME,
                type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "A caller's token (riff.auth.callers.<name>.token) holding the route's scope: config:read or config:write")))
public class ConfigApi extends Application {

    static final String SCHEME = "serviceToken";
}
