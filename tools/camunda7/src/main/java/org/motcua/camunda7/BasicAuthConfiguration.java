package org.motcua.camunda7;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * HTTP Basic authentication on the REST API, as Camunda Run's {@code auth.enabled: true} sets it up:
 * the engine's own authentication filter with its Basic provider in front of Jersey. Only in the
 * {@code basic-auth} profile (see application-basic-auth.yaml), so the default start stays open like
 * Run's default configuration.
 */
@Configuration
@Profile("basic-auth")
public class BasicAuthConfiguration {
  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestBasicAuth() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("camunda7-rest-basic-auth");
    registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*");
    return registration;
  }
}
