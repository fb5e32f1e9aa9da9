package io.relance;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RelanceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RelanceApplication.class, args);
    }
}
