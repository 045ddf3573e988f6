// The visit form's optional location: asks the browser (GPS on a phone) once, on a tap, and
// fills the hidden latitude/longitude/accuracy fields. Nothing is sent if the officer does not
// tap, or the browser refuses.
(function () {
  var button = document.getElementById("take-location");
  if (!button) return;
  var status = document.getElementById("location-status");
  function field(name) { return document.querySelector('input[name="' + name + '"]'); }
  button.addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = button.dataset.failed; return; }
    status.textContent = button.dataset.taking;
    navigator.geolocation.getCurrentPosition(function (position) {
      field("latitude").value = position.coords.latitude.toFixed(6);
      field("longitude").value = position.coords.longitude.toFixed(6);
      field("accuracy").value = Math.round(position.coords.accuracy);
      status.textContent = button.dataset.taken + " (±" + Math.round(position.coords.accuracy) + " m)";
      button.classList.replace("btn-outline-secondary", "btn-outline-success");
    }, function () { status.textContent = button.dataset.failed; },
    {enableHighAccuracy: true, timeout: 20000, maximumAge: 60000});
  });
})();
