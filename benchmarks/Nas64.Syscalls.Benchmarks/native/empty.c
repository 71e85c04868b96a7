/* The cheapest native function: a call through a function pointer to this is the floor for an empty stub. */
void nas64_empty(void) {}
