// The feedback form's map: the communes' boundaries drawn as SVG from the portal's own GeoJSON
// (/phan-anh/ban-do.geojson: no tiles, no outside request). A tap places the point and chooses its
// commune in the list; the phone's location is asked for only when the citizen presses the button.
// The server places the point in its commune again (opinions.geo, as Open311 does). Without
// JavaScript the map stays hidden and the commune list does the job.
(function () {
  "use strict";
  var box = document.getElementById("chon-diem");
  var svg = document.getElementById("ban-do");
  var select = document.getElementById("id_area");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  var status = document.getElementById("diem-da-chon");
  if (!box || !svg || !select || !lat || !lng || !window.fetch) return;
  var NS = "http://www.w3.org/2000/svg";
  var K = 100; // projected units per degree
  var cosLat = Math.cos(11.8 * Math.PI / 180); // the province's middle latitude
  var communes = {}; // id -> {path, bbox, rings, name}
  var whole = null;
  var pin = null;
  var pinned = "";

  function project(p) { return [p[0] * cosLat * K, -p[1] * K]; }
  function unproject(x, y) { return [x / (cosLat * K), -y / K]; }

  function polygonsOf(g) { return g.type === "Polygon" ? [g.coordinates] : g.coordinates; }

  function grow(b, x, y) {
    b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
  }

  function draw(data) {
    whole = [Infinity, Infinity, -Infinity, -Infinity];
    var group = document.createElementNS(NS, "g");
    data.features.forEach(function (f) {
      var d = "", bbox = [Infinity, Infinity, -Infinity, -Infinity], rings = [];
      polygonsOf(f.geometry).forEach(function (poly) {
        poly.forEach(function (ring) {
          rings.push(ring);
          ring.forEach(function (p, i) {
            var xy = project(p);
            grow(bbox, xy[0], xy[1]);
            d += (i ? "L" : "M") + xy[0].toFixed(2) + "," + xy[1].toFixed(2);
          });
          d += "Z";
        });
      });
      var path = document.createElementNS(NS, "path");
      path.setAttribute("d", d);
      path.setAttribute("class", "commune");
      path.setAttribute("fill-rule", "evenodd");
      path.dataset.id = f.properties.id;
      var title = document.createElementNS(NS, "title");
      title.textContent = f.properties.name;
      path.appendChild(title);
      group.appendChild(path);
      communes[f.properties.id] = { path: path, bbox: bbox, rings: rings, name: f.properties.name };
      grow(whole, bbox[0], bbox[1]);
      grow(whole, bbox[2], bbox[3]);
    });
    svg.appendChild(group);
    show(whole, 0.02);
    box.hidden = false;
    if (select.value && communes[select.value]) choose(select.value, true);
  }

  function show(b, margin) {
    var w = b[2] - b[0], h = b[3] - b[1], m = Math.max(w, h) * margin;
    svg.setAttribute("viewBox", [b[0] - m, b[1] - m, w + 2 * m, h + 2 * m].map(function (v) { return v.toFixed(2); }).join(" "));
    if (pin) pin.setAttribute("r", (Math.max(w, h) + 2 * m) / 70);
  }

  function choose(id, zoom) {
    Object.keys(communes).forEach(function (key) { communes[key].path.classList.toggle("chosen", key === id); });
    if (zoom && communes[id]) show(communes[id].bbox, 0.15);
  }

  // Even-odd ray casting over every ring of the commune (holes included), in degrees.
  function inside(c, x, y) {
    var hit = false;
    c.rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
        if ((yi > y) !== (yj > y) && x < xi + (y - yi) * (xj - xi) / (yj - yi)) hit = !hit;
      }
    });
    return hit;
  }

  function communeAt(lon, la) {
    var xy = project([lon, la]);
    return Object.keys(communes).find(function (id) {
      var b = communes[id].bbox;
      return xy[0] >= b[0] && xy[0] <= b[2] && xy[1] >= b[1] && xy[1] <= b[3] && inside(communes[id], lon, la);
    }) || "";
  }

  function place(lon, la, how) {
    var id = communeAt(lon, la);
    if (!id) {
      status.textContent = "Điểm này nằm ngoài địa bàn tỉnh: xin chọn lại.";
      return;
    }
    lat.value = la.toFixed(6);
    lng.value = lon.toFixed(6);
    pinned = id;
    var xy = project([lon, la]);
    if (!pin) {
      pin = document.createElementNS(NS, "circle");
      pin.setAttribute("class", "pin");
      svg.appendChild(pin);
      pin.setAttribute("r", Math.max(svg.viewBox.baseVal.width, svg.viewBox.baseVal.height) / 70);
    }
    pin.setAttribute("cx", xy[0].toFixed(3));
    pin.setAttribute("cy", xy[1].toFixed(3));
    var changed = select.value !== id;
    select.value = id;
    if (changed) select.dispatchEvent(new Event("change", { bubbles: true }));
    choose(id, changed || how === "gps");
    status.textContent = how + ": " + communes[id].name + " (" + la.toFixed(5) + ", " + lon.toFixed(5) + ").";
  }

  function clear(message) {
    lat.value = lng.value = "";
    pinned = "";
    if (pin) { pin.remove(); pin = null; }
    status.textContent = message || "Chưa chọn điểm.";
  }

  svg.addEventListener("click", function (e) {
    var pt = svg.createSVGPoint();
    pt.x = e.clientX; pt.y = e.clientY;
    var p = pt.matrixTransform(svg.getScreenCTM().inverse());
    var ll = unproject(p.x, p.y);
    place(ll[0], ll[1], "Điểm đã chọn");
  });

  select.addEventListener("change", function () {
    if (select.value === pinned) return;
    if (pinned) clear("Đã bỏ điểm trên bản đồ vì anh, chị chọn xã, phường khác.");
    choose(select.value, true);
  });

  document.getElementById("xem-toan-tinh").addEventListener("click", function () { if (whole) show(whole, 0.02); });
  document.getElementById("xoa-diem").addEventListener("click", function () { clear(); });
  var gps = document.getElementById("dung-vi-tri");
  if (!navigator.geolocation) {
    gps.hidden = true;
  } else {
    gps.addEventListener("click", function () {
      status.textContent = "Đang hỏi vị trí của điện thoại…";
      navigator.geolocation.getCurrentPosition(
        function (pos) { place(pos.coords.longitude, pos.coords.latitude, "Vị trí của điện thoại"); },
        function () { status.textContent = "Không lấy được vị trí (chưa cho phép hoặc không có tín hiệu): xin chạm vào bản đồ hoặc chọn xã, phường."; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 }
      );
    });
  }

  fetch(box.dataset.shapesUrl)
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      draw(data);
      if (lat.value && lng.value) place(parseFloat(lng.value), parseFloat(lat.value), "Điểm đã chọn");
    })
    .catch(function () { /* the commune list still works */ });
})();
