package dev.riff.support.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Input is taken only as written, in every service: JSON bodies are strict (no trailing content, no
 * duplicate keys, no unknown fields, no number-to-boolean, string-to-boolean or fraction-to-integer
 * coercion) and valid UTF-8 (no overlong forms), and no text, in a body, a path or a query, carries
 * NUL or half a surrogate pair, which PostgreSQL and Kafka's consumers cannot take.
 */
@Singleton
public class StrictInput implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        for (LogicalType type : List.of(LogicalType.Boolean, LogicalType.Integer, LogicalType.Float, LogicalType.Textual)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, type == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        mapper.registerModule(new SimpleModule("riff-strict-text").addDeserializer(String.class, new CleanText()));
    }

    /** Strings as written, refused when they carry NUL or an unpaired surrogate. */
    static final class CleanText extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            if (text != null && !clean(text)) {
                throw InvalidFormatException.from(parser, "must not contain NUL or an unpaired surrogate", text, String.class);
            }
            return text;
        }
    }

    /** Whether the text has no NUL and no half of a surrogate pair. */
    public static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Paths and query values (decoded) without NUL or half surrogates. */
    @ServerRequestFilter(preMatching = true)
    public Response cleanUri(ContainerRequestContext request) {
        if (!clean(request.getUriInfo().getPath())) {
            return ProblemExceptionMappers.invalidInput("path", "must not contain NUL or an unpaired surrogate");
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (!clean(parameter.getKey()) || parameter.getValue().stream().anyMatch(value -> !clean(value))) {
                return ProblemExceptionMappers.invalidInput(parameter.getKey(), "must not contain NUL or an unpaired surrogate");
            }
        }
        return null;
    }

    /** A JSON body must be valid UTF-8: a lenient decoder would turn an overlong "C0 AF" into "/". */
    @ServerRequestFilter(readBody = true)
    public Response validUtf8(ContainerRequestContext request) throws IOException {
        MediaType type = request.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || !request.hasEntity()) {
            return null;
        }
        InputStream entity = request.getEntityStream();
        if (!(entity instanceof ByteArrayInputStream)) {
            // Read ahead only for methods that take a body; any other body is never parsed, and reading it here would block the event loop.
            return null;
        }
        byte[] body = entity.readAllBytes();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            return ProblemExceptionMappers.invalidInput("body", "is not valid UTF-8");
        }
        request.setEntityStream(new ByteArrayInputStream(body));
        return null;
    }
}
