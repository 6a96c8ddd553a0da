package com.villamarket.payment3.common.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where a service's API is, found as the AWS SDK finds it: the service's system property, the global
 * {@code aws.endpointUrl}, the service's {@code AWS_ENDPOINT_URL_<SERVICE>} variable, the global
 * {@code AWS_ENDPOINT_URL}, else the service's regional endpoint. The shared config file's
 * {@code endpoint_url} is not read: a Lambda sandbox has none.
 */
public final class AwsEndpoints {

    static final String GLOBAL_VARIABLE = "AWS_ENDPOINT_URL";
    static final String GLOBAL_PROPERTY = "aws.endpointUrl";

    private AwsEndpoints() {
    }

    /**
     * The endpoint of a service in a region.
     *
     * @param environment reads an environment variable (null when unset)
     * @param properties  reads a system property (null when unset)
     * @throws IllegalArgumentException when a configured endpoint is not a URL
     */
    public static URI resolve(AwsService service, String region, UnaryOperator<String> environment,
            UnaryOperator<String> properties) {
        return configured(properties.apply(service.systemProperty()), service.systemProperty())
                .or(() -> configured(properties.apply(GLOBAL_PROPERTY), GLOBAL_PROPERTY))
                .or(() -> configured(environment.apply(service.environmentVariable()), service.environmentVariable()))
                .or(() -> configured(environment.apply(GLOBAL_VARIABLE), GLOBAL_VARIABLE))
                .orElseGet(() -> URI.create("https://" + service.endpointPrefix() + "." + region + "." + dnsSuffix(region)));
    }

    /** The endpoint of a service in a region, from this process's environment and system properties. */
    public static URI resolve(AwsService service, String region) {
        return resolve(service, region, System::getenv, System::getProperty);
    }

    /** The partition's domain: China's regions have their own, every other region the commercial one. */
    private static String dnsSuffix(String region) {
        return region.toLowerCase(Locale.ROOT).startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    private static Optional<URI> configured(String value, String source) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(source + " is not an absolute URL");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(source + " is not a URL", e);
        }
    }
}
