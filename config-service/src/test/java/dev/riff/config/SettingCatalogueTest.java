package dev.riff.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.riff.config.domain.ChannelConfiguration;
import dev.riff.config.domain.ServerConfiguration;
import dev.riff.contracts.Setting;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The entities hold exactly the catalogue's settings, each as a Java type that fits its kind. */
class SettingCatalogueTest {

    private static final Set<String> SERVER_BOOKKEEPING = Set.of("id", "guildId", "subscriptionTier", "subscriptionExpiresAt",
            "version", "createdAt", "updatedAt");
    private static final Set<String> CHANNEL_BOOKKEEPING = Set.of("id", "guildId", "channelId", "version", "createdAt", "updatedAt");

    @Test
    void theServerConfigurationHoldsEveryServerSettingAndNothingElse() {
        assertEquals(expected(Setting.serverSettings()), actual(ServerConfiguration.class, SERVER_BOOKKEEPING));
    }

    @Test
    void theChannelConfigurationHoldsEveryChannelSettingAndNothingElse() {
        assertEquals(expected(Setting.channelSettings()), actual(ChannelConfiguration.class, CHANNEL_BOOKKEEPING));
    }

    private static Map<String, Setting.Kind> expected(java.util.List<Setting> settings) {
        return settings.stream().collect(Collectors.toMap(Setting::key, Setting::kind, (a, b) -> a, TreeMap::new));
    }

    private static Map<String, Setting.Kind> actual(Class<?> entity, Set<String> bookkeeping) {
        return Arrays.stream(entity.getDeclaredFields())
                .filter(field -> Modifier.isPublic(field.getModifiers()) && !Modifier.isStatic(field.getModifiers()))
                .filter(field -> !bookkeeping.contains(field.getName()))
                .collect(Collectors.toMap(Field::getName, field -> kindOf(field.getType()), (a, b) -> a, TreeMap::new));
    }

    private static Setting.Kind kindOf(Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            return Setting.Kind.FLAG;
        }
        if (type == int.class || type == Integer.class) {
            return Setting.Kind.WHOLE_NUMBER;
        }
        if (type == float.class || type == Float.class || type == double.class || type == Double.class) {
            return Setting.Kind.NUMBER;
        }
        if (type == String.class) {
            return Setting.Kind.TEXT;
        }
        throw new AssertionError("no setting kind holds a " + type);
    }
}
