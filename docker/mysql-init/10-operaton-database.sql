-- compose.operaton.yaml: Operaton keeps its tables (ACT_*) in a database of its own beside motcua's
-- (the portal's and the workers' tables). Runs once, when the MySQL volume is first initialised,
-- after the image has created MYSQL_DATABASE and MYSQL_USER.
CREATE DATABASE IF NOT EXISTS operaton CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
GRANT ALL PRIVILEGES ON operaton.* TO 'motcua'@'%';
FLUSH PRIVILEGES;
