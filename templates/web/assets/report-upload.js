// 我要举报 on a phone: photos larger than the limit allows (a 12 MP camera photo) are made smaller in the browser
// (longest side 2048 px, JPEG) before upload, and the upload shows its progress. Without JavaScript the form still
// posts the photos as they are.
(function () {
  var form = document.querySelector('form[data-report-upload]');
  if (!form || !window.FormData || !window.XMLHttpRequest || !window.HTMLCanvasElement) return;
  var MAX_EDGE = 2048;
  var RESIZE_ABOVE = 1.5 * 1024 * 1024;
  var KEEP_TYPES = /^image\/(jpeg|png|webp)$/;
  var maxPhotos = Number(form.getAttribute('data-max-photos')) || 6;
  var input = form.querySelector('input[type=file][name=photos]');
  var status = form.querySelector('.upload-status');
  var bar = status.querySelector('progress');
  var label = status.querySelector('.upload-text');
  var button = form.querySelector('button[type=submit]');

  function say(text, value) {
    status.hidden = false;
    label.textContent = text;
    if (value === undefined) bar.removeAttribute('value');
    else bar.value = value;
  }

  // The picture's pixels (the page's content policy allows data: images, not blob: URLs).
  function loadImage(file) {
    if (window.createImageBitmap)
      return window.createImageBitmap(file).then(function (bitmap) {
        return { source: bitmap, width: bitmap.width, height: bitmap.height };
      });
    return new Promise(function (resolve, reject) {
      var reader = new window.FileReader();
      reader.onerror = reject;
      reader.onload = function () {
        var img = new window.Image();
        img.onload = function () {
          resolve({ source: img, width: img.naturalWidth, height: img.naturalHeight });
        };
        img.onerror = reject;
        img.src = reader.result;
      };
      reader.readAsDataURL(file);
    });
  }

  // A photo small enough and of a kind the service keeps goes as it is; any other image is redrawn smaller as JPEG.
  function prepare(file) {
    if (!/^image\//.test(file.type) || (file.size <= RESIZE_ABOVE && KEEP_TYPES.test(file.type)))
      return Promise.resolve(file);
    return loadImage(file).then(
      function (img) {
        var w = img.width;
        var h = img.height;
        var scale = Math.min(1, MAX_EDGE / Math.max(w, h));
        var canvas = document.createElement('canvas');
        canvas.width = Math.round(w * scale);
        canvas.height = Math.round(h * scale);
        canvas.getContext('2d').drawImage(img.source, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve) {
          canvas.toBlob(
            function (blob) {
              if (!blob) return resolve(file);
              var name = file.name.replace(/\.[^.]*$/, '') + '.jpg';
              resolve(new window.File([blob], name, { type: 'image/jpeg' }));
            },
            'image/jpeg',
            0.85,
          );
        });
      },
      function () {
        return file; // the browser cannot read it: the service says what is wrong with it
      },
    );
  }

  input.addEventListener('change', function () {
    var n = input.files.length;
    if (n > maxPhotos) say('最多 ' + maxPhotos + ' 张照片，请重新选择。', 0);
    else if (n) say('已选择 ' + n + ' 张照片', 0);
    else status.hidden = true;
  });

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var files = Array.prototype.slice.call(input.files || []);
    if (files.length > maxPhotos) return say('最多 ' + maxPhotos + ' 张照片，请重新选择。', 0);
    button.disabled = true;
    say(files.length ? '正在处理照片…' : '正在提交…');
    Promise.all(files.map(prepare)).then(function (photos) {
      var data = new window.FormData(form);
      data.delete('photos');
      photos.forEach(function (p) {
        data.append('photos', p, p.name);
      });
      var xhr = new window.XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.onprogress = function (ev) {
        if (!ev.lengthComputable) return;
        var pct = Math.round((ev.loaded / ev.total) * 100);
        say('正在上传… ' + pct + '%', pct);
      };
      xhr.upload.onload = function () {
        say('已上传，正在保存…', 100);
      };
      // The answer is the next page (the report, or the form with what to fix): show it as the browser would.
      xhr.onload = function () {
        var html = xhr.responseText;
        var url = xhr.responseURL;
        document.open();
        document.write(html);
        document.close();
        // After a redirect (the report saved) the address is the report's; a refused form keeps the form's.
        if (url && url.split('?')[0] !== form.action.split('?')[0]) history.replaceState(null, '', url);
      };
      xhr.onerror = function () {
        button.disabled = false;
        say('网络中断，未提交。请检查网络后再点“提交举报”。', 0);
      };
      xhr.send(data);
    });
  });
})();
