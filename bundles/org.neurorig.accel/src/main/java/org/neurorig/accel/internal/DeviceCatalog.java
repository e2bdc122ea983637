package org.neurorig.accel.internal;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neurorig.accel.DeviceKind;

/** Finds the OpenCL devices Aparapi can see, GPUs first, and adds the thread pool last. */
public final class DeviceCatalog {
    private static final Logger LOG = Logger.getLogger(DeviceCatalog.class.getName());

    private DeviceCatalog() {}

    /** One engine per available device, in preference order; never empty. */
    public static List<GemmEngine> discover(int threads) {
        List<GemmEngine> engines = new ArrayList<>();
        add(engines, Device.TYPE.GPU, DeviceKind.OPENCL_GPU);
        add(engines, Device.TYPE.CPU, DeviceKind.OPENCL_CPU);
        engines.add(new JavaGemm(threads));
        return engines;
    }

    private static void add(List<GemmEngine> engines, Device.TYPE type, DeviceKind kind) {
        try {
            for (OpenCLDevice d : OpenCLDevice.listDevices(type)) {
                engines.add(new AparapiGemm(d, kind));
            }
        } catch (Throwable e) {
            // no OpenCL runtime, or the JNI library did not load: the thread pool still works
            LOG.log(Level.WARNING, "accel: cannot list OpenCL " + type + " devices: " + e);
        }
    }
}
