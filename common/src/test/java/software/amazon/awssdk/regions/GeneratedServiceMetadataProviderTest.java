package software.amazon.awssdk.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;

/**
 * The suite's lazy service metadata provider answers exactly as the SDK's own: for every endpoint prefix
 * the SDK's knows, the same metadata class, and nothing for one it does not know. The SDK's own is loaded
 * from its jar in a class loader of its own, as the suite's stands in for it on this class path.
 */
class GeneratedServiceMetadataProviderTest {

    /** Loads the SDK's regions classes from its jar, before the class path's; anything else from the class path. */
    private static final class RegionsJarFirst extends URLClassLoader {

        RegionsJarFirst(URL regionsJar) {
            super(new URL[] {regionsJar}, GeneratedServiceMetadataProviderTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (!name.startsWith("software.amazon.awssdk.regions.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }

    @Test
    void everyServiceTheSdksProviderKnowsGetsTheSameMetadataClass() throws Exception {
        URL regionsJar = ServiceMetadata.class.getProtectionDomain().getCodeSource().getLocation();
        assertTrue(regionsJar.getPath().contains("regions"), "the SDK's regions jar: " + regionsJar);
        try (URLClassLoader isolated = new RegionsJarFirst(regionsJar)) {
            Class<?> original = Class.forName(GeneratedServiceMetadataProvider.class.getName(), true, isolated);
            Field field = original.getDeclaredField("SERVICE_METADATA");
            field.setAccessible(true);
            Map<?, ?> services = (Map<?, ?>) field.get(null);
            assertTrue(services.size() > 300, "the SDK's provider has every service: " + services.size());

            assertTrue(!GeneratedServiceMetadataProvider.class.getProtectionDomain().getCodeSource().getLocation().equals(regionsJar),
                    "the suite's provider stands in for the SDK's on this class path");
            GeneratedServiceMetadataProvider lazy = new GeneratedServiceMetadataProvider();
            services.forEach((prefix, metadata) -> assertEquals(metadata.getClass().getName(),
                    lazy.serviceMetadata((String) prefix).getClass().getName(), "endpoint prefix " + prefix));
        }
    }

    @Test
    void dynamoDbsMetadataIsBuiltOnceAndAnUnknownServiceHasNone() {
        GeneratedServiceMetadataProvider provider = new GeneratedServiceMetadataProvider();
        ServiceMetadata dynamoDb = provider.serviceMetadata("dynamodb");
        assertTrue(dynamoDb instanceof DynamodbServiceMetadata);
        assertTrue(dynamoDb == provider.serviceMetadata("dynamodb"));
        assertEquals(Region.AP_SOUTHEAST_1, ServiceMetadata.of("dynamodb").signingRegion(Region.AP_SOUTHEAST_1));
        assertNull(provider.serviceMetadata("no-such-service"));
    }
}
