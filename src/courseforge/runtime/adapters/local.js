/* courseforge tracking adapter "local" (web target): progress kept in this browser's
   localStorage, one entry per course id and version. See docs/runtime-contract.md. */
window.courseforgeTracking = (() => {
  let key = null;
  let storage = null;
  let tell = () => {};

  return {
    name: "local",
    start(course, setStatus) {
      key = `courseforge:${course.id}@${course.version}`;
      tell = setStatus;
      let saved = null;
      try {
        storage = window.localStorage;
        saved = JSON.parse(storage.getItem(key) || "null");
      } catch (error) {
        storage = null;
        setStatus("This browser does not allow saving: your progress lasts until you close the page.");
      }
      return Promise.resolve({
        state: (saved && saved.state) || null,
        location: (saved && saved.location) || null,
        mode: "normal",
        learnerName: null,
      });
    },
    // localStorage writes are synchronous and cheap, so every save is written at once.
    save(state, location) {
      if (!storage) return;
      try {
        storage.setItem(key, JSON.stringify({ state, location }));
      } catch (error) {
        storage = null;
        tell("Your progress could not be saved: this browser's storage is full or blocked.");
      }
    },
    pageViewed() {},
    answered() {},
    status() {},
    flush() {},
    finish() {},
  };
})();
