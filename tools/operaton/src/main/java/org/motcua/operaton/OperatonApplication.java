package org.motcua.operaton;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OperatonApplication {
  public static void main(String[] args) {
    SpringApplication.run(OperatonApplication.class, args);
  }
}
