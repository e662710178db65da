/* courseforge tracking adapter "local" (web target): progress kept in this browser's
   localStorage, one entry per course id and version. See docs/runtime-contract.md. */
window.courseforgeTracking = (() => {
  let key = null;
  let storage = null;
  let tell = () => {};
  const t = (id, args) => (window.courseforgeText ? window.courseforgeText(id, args) : id); // the course's language

  // The saved entry, or null; throws only when the value itself cannot be read.
  function readSaved(raw) {
    if (raw === null) return null;
    const saved = JSON.parse(raw);
    const text = (value) => value === null || value === undefined || typeof value === "string";
    if (!saved || typeof saved !== "object" || Array.isArray(saved) || !text(saved.state) || !text(saved.location)) {
      throw new Error("not a courseforge entry");
    }
    return saved;
  }

  // Kept for support under another key; the next save replaces the unreadable entry.
  function setAside(raw) {
    try {
      storage.setItem(`${key}:unreadable`, raw);
    } catch (error) {
      // No room for the copy: the entry itself stays until the next save.
    }
  }

  return {
    name: "local",
    start(course, setStatus) {
      key = `courseforge:${course.id}@${course.version}`;
      tell = setStatus;
      let saved = null;
      let raw = null;
      try {
        storage = window.localStorage;
        raw = storage.getItem(key);
      } catch (error) {
        storage = null;
        setStatus(t("status.no_storage"));
      }
      try {
        saved = readSaved(raw);
      } catch (error) {
        setAside(raw);
        setStatus(t("status.storage_unreadable"));
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
        tell(t("status.storage_full"));
      }
    },
    pageViewed() {},
    answered() {},
    status() {},
    // Every save is already written: nothing is pending when the page hides or goes away.
    flush() {},
    dismiss() {},
    finish() {},
  };
})();
