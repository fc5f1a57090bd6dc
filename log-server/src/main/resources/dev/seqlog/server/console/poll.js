// Runs an async task now and then every `ms` while enabled, never two at once. now() runs it at once (or right
// after the round in progress); stop() ends it for good.

export function poll(task, ms) {
  let timer = null;
  let running = false;
  let again = false;
  let stopped = false;
  let enabled = true;
  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const run = async () => {
    timer = null;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await task();
    } catch (e) {
      // the task shows its own errors; a failed round must not end the polling
    } finally {
      running = false;
      if (!stopped) {
        if (again) {
          again = false;
          run();
        } else if (enabled) {
          timer = setTimeout(run, ms);
        }
      }
    }
  };
  run();
  return {
    now() {
      cancel();
      run();
    },
    enable(on) {
      enabled = on;
      cancel();
      if (on && !running && !stopped) timer = setTimeout(run, ms);
    },
    stop() {
      stopped = true;
      cancel();
    },
  };
}
