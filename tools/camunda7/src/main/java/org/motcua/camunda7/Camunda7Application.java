package org.motcua.camunda7;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class Camunda7Application {
  public static void main(String[] args) {
    SpringApplication.run(Camunda7Application.class, args);
  }
}
