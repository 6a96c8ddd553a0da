package software.amazon.awssdk.regions;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS SDK's service metadata provider, in place of the SDK's own of the same name (the function
 * packages leave the SDK's out): each service's metadata is built when it is first asked for. The SDK's
 * builds all 312 services' metadata, one class each, the first time any client is built, about 200 ms of
 * a cold start for the one service it needs (aws-sdk-java-v2 issue #3664, fixed by PR #7161 in an SDK
 * release newer than this build resolves). It answers every endpoint prefix with the class the SDK's
 * answers it with, which {@code GeneratedServiceMetadataProviderTest} holds it to.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {

    private static final String PACKAGE = "software.amazon.awssdk.regions.servicemetadata.";
    private static final Map<String, Optional<ServiceMetadata>> BUILT = new ConcurrentHashMap<>();

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return BUILT.computeIfAbsent(endpointPrefix, GeneratedServiceMetadataProvider::build).orElse(null);
    }

    /**
     * The generated class's name: the endpoint prefix in Pascal case ({@code acm-pca} is
     * {@code AcmPcaServiceMetadata}), but for S3's, which is {@code EnhancedS3ServiceMetadata}.
     */
    static String className(String endpointPrefix) {
        if ("s3".equals(endpointPrefix)) {
            return PACKAGE + "EnhancedS3ServiceMetadata";
        }
        StringBuilder name = new StringBuilder(PACKAGE);
        for (String word : endpointPrefix.split("[.\\-_]")) {
            if (!word.isEmpty()) {
                name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        return name.append("ServiceMetadata").toString();
    }

    /** The service's metadata; empty for a service the SDK has none for (it then uses its default metadata). */
    private static Optional<ServiceMetadata> build(String endpointPrefix) {
        try {
            Class<?> type = Class.forName(className(endpointPrefix), true, GeneratedServiceMetadataProvider.class.getClassLoader());
            return Optional.of((ServiceMetadata) type.getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return Optional.empty();
        }
    }
}
