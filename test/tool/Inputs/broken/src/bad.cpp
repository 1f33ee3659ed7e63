// Does not parse.
int broken() {
  return 1 +;
}
